// The table type of node inputs and outputs: arquero's ColumnTable, with Arrow IPC as its binary form.
export { aq, isTable, isArrowTable, type Table } from './arquero';
export { arrow, tableFromIPC, tableToIPC, tableKind, type TableKind } from './arrow-ipc';
export {
  astype,
  dropna,
  fillna,
  isMissing,
  tableFromRecords,
  tableToRecords,
  valueCounts,
  type CastType,
} from './verbs';
