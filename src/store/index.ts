export { openStore } from "./open-store.js";
export { SqliteStore } from "./sqlite/advisory-store.js";
export { PostgresStore, type PostgresStoreOptions } from "./postgres/advisory-store.js";
export { defaultSqlitePath } from "./default-path.js";
export { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from "./migrations.js";
