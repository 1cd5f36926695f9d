export { ObjectStore, OBJECTS_DIR, type ObjectKind, type PutResult, type StoredObject } from './object-store';
export { readStoreConfig, parseSize, DEFAULT_STORE, STORE_CONFIG_FILE, type StoreConfig } from './store-config';
export { exportSqlRows, type ExportedRows } from './export-rows';
