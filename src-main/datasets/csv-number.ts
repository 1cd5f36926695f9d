// Reads a number straight from a span of text, by the same rule as csv-cast.ts's NUMBER: an
// optional sign, no leading zero before a digit ("007" is a code), no hex, no "Infinity".

/** The number spelled by text[start, end), or NaN when the span does not look like a number. */
export function numberAt(text: string, start: number, end: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === 45;
  if (negative || c === 43) i++;
  if (i >= end) return NaN;
  c = text.charCodeAt(i);
  if (c === 48 && i + 1 < end) {
    const next = text.charCodeAt(i + 1);
    if (next >= 48 && next <= 57) return NaN;
  }
  let mantissa = 0;
  let digits = 0;
  while (i < end) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    i++;
  }
  if (i === end) return digits > 15 ? Number(text.slice(start, end)) : negative ? -mantissa : mantissa;
  let scale = 1;
  let fraction = 0;
  if (c === 46) {
    i++;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      mantissa = mantissa * 10 + (c - 48);
      scale *= 10;
      fraction++;
      i++;
    }
    if (digits + fraction === 0) return NaN;
    if (i === end) {
      // Below 2^53 and with a power of ten up to 1e22 both are exact, so one division rounds as Number() does.
      if (digits + fraction > 15 || fraction > 22) return Number(text.slice(start, end));
      return (negative ? -mantissa : mantissa) / scale;
    }
    if (fraction === 0) return NaN; // "1.e5" is not a number by the rule
  }
  if (digits + fraction === 0 || (c !== 101 && c !== 69)) return NaN;
  i++;
  c = text.charCodeAt(i);
  if (c === 45 || c === 43) i++;
  if (i >= end) return NaN;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c < 48 || c > 57) return NaN;
  }
  return Number(text.slice(start, end));
}
