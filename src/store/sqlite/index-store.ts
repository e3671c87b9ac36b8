import type Database from "better-sqlite3";
import { handleFor, type SqliteHandle } from "./handle.js";
import type { Digest } from "../../core/digest.js";
import { FatalError } from "../../core/problem.js";
import type { IndexStamp, IndexState, IndexStore, IndexSummaryPage, StoredIndex } from "../../contracts/index-store.js";
import { pendingIndexMigrations } from "../index-migrations.js";
import { rowToStored, rowToSummary, type SummaryRow } from "../index-rows.js";

interface Row {
  readonly manifest: string;
  readonly state: string;
  readonly error: string | null;
  readonly index_state: string;
  readonly report: string | null;
  readonly updated_at: string;
}

/** The indexer's tables in a SQLite file; its own connection, so it shares the file with the AdvisoryStore (WAL). */
export class SqliteIndexStore implements IndexStore {
  readonly backend = "sqlite" as const;

  private readonly db: Database.Database;
  readonly path: string;

  private constructor(private readonly handle: SqliteHandle) {
    this.db = handle.db;
    this.path = handle.path;
  }

  /** A path opens a connection of its own; a SqliteHandle (openSqliteStores) is shared with the other stores. */
  static open(conn: string | SqliteHandle): SqliteIndexStore {
    return new SqliteIndexStore(handleFor(conn));
  }

  async migrate(): Promise<void> {
    this.guard("migrating", () => {
      this.db.exec("CREATE TABLE IF NOT EXISTS index_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      const applied = (): number[] =>
        this.db
          .prepare<[], { version: number }>("SELECT version FROM index_schema_migrations")
          .all()
          .map((r) => r.version);
      if (pendingIndexMigrations(applied()).length === 0) return;
      this.db
        .transaction(() => {
          for (const m of pendingIndexMigrations(applied())) {
            this.db.exec(m.sqlite);
            this.db
              .prepare("INSERT INTO index_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
              .run(m.version, m.name, new Date().toISOString());
          }
        })
        .immediate();
    });
  }

  async save(r: StoredIndex): Promise<void> {
    this.guard("saving an index report", () => {
      this.db
        .prepare(
          `INSERT INTO index_reports (manifest, state, error, index_state, report, updated_at, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (manifest) DO UPDATE SET state = excluded.state, error = excluded.error, index_state = excluded.index_state,
           report = excluded.report, updated_at = excluded.updated_at`,
        )
        .run(r.manifest, r.state, r.error, r.indexState, r.report === null ? null : JSON.stringify(r.report), r.updatedAt, r.updatedAt);
    });
  }

  async get(manifest: Digest): Promise<StoredIndex | null> {
    const row = this.guard("reading an index report", () => this.db.prepare<[string], Row>("SELECT * FROM index_reports WHERE manifest = ?").get(manifest));
    return row === undefined ? null : rowToStored(row);
  }

  async stamp(manifest: Digest): Promise<IndexStamp | null> {
    const row = this.guard("reading an index report's state", () =>
      this.db
        .prepare<[string], { state: IndexState; index_state: string; updated_at: string }>(
          "SELECT state, index_state, updated_at FROM index_reports WHERE manifest = ?",
        )
        .get(manifest),
    );
    return row === undefined ? null : { state: row.state, indexState: row.index_state, updatedAt: row.updated_at };
  }

  async delete(manifest: Digest): Promise<boolean> {
    return this.guard("deleting an index report", () => this.db.prepare("DELETE FROM index_reports WHERE manifest = ?").run(manifest).changes > 0);
  }

  async list(): Promise<readonly Digest[]> {
    return this.guard("listing index reports", () =>
      this.db
        .prepare<[], { manifest: string }>("SELECT manifest FROM index_reports ORDER BY manifest")
        .all()
        .map((r) => r.manifest as Digest),
    );
  }

  async summaries(query: string, offset: number, limit: number): Promise<IndexSummaryPage> {
    // instr, not LIKE: a `%` or `_` typed into the search box is a character, not a pattern.
    const where = "WHERE instr(lower(manifest), lower(?)) > 0";
    return this.guard("listing index reports", () => {
      const total = this.db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM index_reports ${where}`).get(query)?.n ?? 0;
      const rows = this.db
        .prepare<[string, number, number], SummaryRow>(
          `SELECT manifest, state, error, index_state, COALESCE(first_seen, updated_at) AS first_seen, updated_at FROM index_reports ${where} ORDER BY updated_at DESC, manifest LIMIT ? OFFSET ?`,
        )
        .all(query, limit, offset);
      return { total, rows: rows.map(rowToSummary) };
    });
  }

  async ping(): Promise<void> {
    this.guard("checking the database", () => this.db.prepare("SELECT 1").get());
  }

  async close(): Promise<void> {
    this.handle.release();
  }

  private guard<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof FatalError) throw e;
      throw new FatalError("DB_ERROR", `sqlite: ${what} in ${this.path} failed: ${message(e)}`, undefined, { cause: e });
    }
  }
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
