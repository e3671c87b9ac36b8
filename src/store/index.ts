export { openStore } from "./open-store.js";
export { SqliteStore } from "./sqlite-store.js";
export { PostgresStore, type PostgresStoreOptions } from "./postgres-store.js";
export { defaultSqlitePath } from "./default-path.js";
export { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from "./migrations.js";
