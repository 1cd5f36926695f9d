type Row = Record<string, unknown>;

const isTrue = (v: unknown) => v === 't' || v === true;
const percent = (v: unknown) => (typeof v === 'string' && v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : null);
const money = (v: unknown) =>
  typeof v === 'string' ? Number(v.replace(/[$,]/g, '')) : typeof v === 'number' ? v : null;

/** `t`/`f` flags become booleans and "90%" ratings fractions. */
export function preprocessCompanies(companies: Row[]): Row[] {
  return companies.map((c) => ({
    ...c,
    iata_approved: isTrue(c.iata_approved),
    company_rating: percent(c.company_rating),
  }));
}

/** Check flags become booleans and "$1,325.0" prices numbers. */
export function preprocessShuttles(shuttles: Row[]): Row[] {
  return shuttles.map((s) => ({
    ...s,
    d_check_complete: isTrue(s.d_check_complete),
    moon_clearance_complete: isTrue(s.moon_clearance_complete),
    price: money(s.price),
  }));
}

/** Shuttles joined with their reviews and company; rows with a missing value are dropped. */
export function createModelInputTable(shuttles: Row[], companies: Row[], reviews: Row[]): Row[] {
  const reviewByShuttle = new Map(reviews.map((r) => [r.shuttle_id, r]));
  const companyById = new Map(companies.map((c) => [c.id, c]));
  const rows: Row[] = [];
  for (const s of shuttles) {
    const review = reviewByShuttle.get(s.id);
    const company = companyById.get(s.company_id);
    if (!review || !company) continue;
    const { id: _companyId, ...companyCols } = company;
    const { shuttle_id: _shuttleId, ...reviewCols } = review;
    const row = { ...s, ...reviewCols, ...companyCols };
    if (Object.values(row).every((v) => v !== null && v !== undefined && v !== '')) rows.push(row);
  }
  return rows;
}
