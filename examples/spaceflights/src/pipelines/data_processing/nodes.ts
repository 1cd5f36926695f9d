import { aq, dropna, type Table } from 'pipewright';

const isTrue = (col: string) => `d => d.${col} === 't'`;
const parsePercentage = (col: string) =>
  `d => d.${col} == null ? null : op.parse_float(op.replace(d.${col}, '%', '')) / 100`;
const parseMoney = (col: string) => `d => op.parse_float(op.replace(d.${col}, /[$,]/g, ''))`;

/** `iata_approved` as a boolean and `company_rating` ("90%") as a fraction. */
export function preprocessCompanies(companies: Table): Table {
  return companies.derive({
    iata_approved: isTrue('iata_approved'),
    company_rating: parsePercentage('company_rating'),
  });
}

/** The check flags as booleans and `price` ("$1,325.0") as a number. */
export function preprocessShuttles(shuttles: Table): Table {
  return shuttles.derive({
    d_check_complete: isTrue('d_check_complete'),
    moon_clearance_complete: isTrue('moon_clearance_complete'),
    price: parseMoney('price'),
  });
}

/** Shuttles with their reviews and company; rows with a missing value are dropped. */
export function createModelInputTable(shuttles: Table, companies: Table, reviews: Table): Table {
  const ratedShuttles = shuttles.join(reviews, ['id', 'shuttle_id']).select(aq.not('id'));
  return dropna(ratedShuttles.join(companies, ['company_id', 'id']));
}
