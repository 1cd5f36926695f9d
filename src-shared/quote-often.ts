// JSON.stringify of a few strings a run repeats on every line (log levels, logger names), made once
// each: the run thread's event ring and the history's log chunks write them thousands of times.

const quoted = new Map<string, string>();
const KEEP_AT_MOST = 256;

export function quoteOften(text: string): string {
  let json = quoted.get(text);
  if (json === undefined) {
    json = JSON.stringify(text);
    if (quoted.size < KEEP_AT_MOST) quoted.set(text, json);
  }
  return json;
}
