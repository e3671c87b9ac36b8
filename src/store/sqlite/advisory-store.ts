import { resolve } from "node:path";
import type Database from "better-sqlite3";
import { handleFor, MEMORY, openHandle, type SqliteHandle } from "./handle.js";
import { suspendIndexes } from "./bulk-indexes.js";
import { BatchInsert } from "./batch-insert.js";
import type { Advisory } from "../../core/advisory.js";
import { FatalError } from "../../core/problem.js";
import type { AdvisoryQuery } from "../../contracts/matcher.js";
import type { AdvisorySearch, AdvisoryStore, StoredRecord, UpdateRun, UpdaterStatus } from "../../contracts/store.js";
import { searchSqlite } from "../advisory-search.js";
import { pendingMigrations } from "../migrations.js";
import {
  ADVISORY_COLUMNS,
  advisoryValues,
  buildStatus,
  firstLine,
  guardIterable,
  rowToAdvisory,
  rowToRun,
  toIso,
  uniqueQueries,
  assertDataless,
  checkOwner,
  writeFailure,
} from "../rows.js";
import { guardAsyncIterable, importRuns, runIdFor } from "../import-rows.js";
import { isEnrichment, type Enrichment } from "../../contracts/enrichment.js";
import { ENRICHMENT_COLUMNS, enrichmentValues, rowToEnrichment, uniqueCves } from "../enrichment-rows.js";

const RUN_COLUMNS = "updater, fingerprint, started_at, finished_at, status, record_count, error";
const SELECT_ADVISORY = `SELECT ${ADVISORY_COLUMNS.join(", ")} FROM advisories`;

type Db = Database.Database;

/**
 * The embedded backend. better-sqlite3 is synchronous; the async methods only satisfy the port.
 * WAL lets another process read the old data while an update is being written.
 */
export class SqliteStore implements AdvisoryStore {
  readonly backend = "sqlite" as const;
  private findStmt: Database.Statement | undefined;

  private readonly db: Db;
  /** The database file, or `:memory:`. */
  readonly path: string;

  private constructor(private readonly handle: SqliteHandle) {
    this.db = handle.db;
    this.path = handle.path;
  }

  /** The absolute file path, so `db status` says which file even when --db was relative. */
  get location(): string {
    return this.path === MEMORY ? this.path : resolve(this.path);
  }

  /**
   * Opens (creating directories and the file as needed) without migrating; or, given the
   * bundle's SqliteHandle (openSqliteStores), shares it with the other stores.
   */
  static open(conn: string | SqliteHandle): SqliteStore {
    return new SqliteStore(handleFor(conn));
  }

  async migrate(): Promise<void> {
    try {
      this.db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
      // Checking first keeps an up-to-date database from taking the write lock at every open.
      if (pendingMigrations(this.appliedVersions()).length === 0) return;
      const apply = this.db.transaction(() => {
        for (const m of pendingMigrations(this.appliedVersions())) {
          this.db.exec(m.sqlite);
          this.db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(m.version, m.name, new Date().toISOString());
        }
      });
      apply.immediate();
    } catch (e) {
      throw writeFailure(e, "sqlite", `migrating ${this.path}`);
    }
  }

  private appliedVersions(): number[] {
    return this.db
      .prepare("SELECT version FROM schema_migrations")
      .pluck()
      .all()
      .map((v) => Number(v));
  }

  async replaceAdvisories(run: UpdateRun, advisories: Iterable<Advisory>): Promise<number> {
    const db = this.db;
    const write = db.transaction((items: Iterable<Advisory>): number => {
      const indexes = suspendIndexes(db, "advisories", run.updater);
      try {
        db.prepare("DELETE FROM advisories WHERE updater = ?").run(run.updater);
        const runId = this.insertRun({ ...run, status: "changed", recordCount: 0 });
        const insert = new BatchInsert(db, "advisories", ["run_id", ...ADVISORY_COLUMNS]);
        let count = 0;
        for (const a of guardIterable(items)) {
          checkOwner(run.updater, a);
          insert.add([runId, ...advisoryValues(a)]);
          count += 1;
        }
        insert.flush();
        indexes.rebuild();
        // The stored count is what was written, whatever the caller guessed beforehand.
        db.prepare("UPDATE update_runs SET record_count = ? WHERE run_id = ?").run(count, runId);
        return count;
      } finally {
        indexes.release();
      }
    });
    try {
      // IMMEDIATE takes the write lock up front so two writers queue on busy_timeout instead of deadlocking.
      return write.immediate(advisories);
    } catch (e) {
      throw writeFailure(e, "sqlite", `replacing the advisories of ${run.updater}`);
    }
  }

  async recordRun(run: UpdateRun): Promise<void> {
    assertDataless(run);
    try {
      this.insertRun(run);
    } catch (e) {
      throw writeFailure(e, "sqlite", `recording a run of ${run.updater}`);
    }
  }

  async metadata(key: string): Promise<string | null> {
    return this.read(() => this.db.prepare<[string], { value: string }>("SELECT value FROM metadata WHERE key = ?").get(key)?.value ?? null);
  }

  async setMetadata(key: string, value: string): Promise<void> {
    try {
      this.db
        .prepare(
          "INSERT INTO metadata (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .run(key, value, new Date().toISOString());
    } catch (e) {
      throw writeFailure(e, "sqlite", `recording ${key}`);
    }
  }

  private insertRun(run: UpdateRun, db: Db = this.db): number {
    const info = db
      .prepare(`INSERT INTO update_runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(run.updater, run.fingerprint, toIso(run.startedAt), toIso(run.finishedAt), run.status, run.recordCount, run.error);
    return Number(info.lastInsertRowid);
  }

  async fingerprint(updater: string): Promise<string | null> {
    const row = this.read(() =>
      this.db.prepare("SELECT fingerprint FROM update_runs WHERE updater = ? AND status = 'changed' ORDER BY run_id DESC LIMIT 1").pluck().get(updater),
    );
    return typeof row === "string" ? row : null;
  }

  async status(): Promise<readonly UpdaterStatus[]> {
    return this.read(() => {
      const last = this.db
        .prepare(`SELECT ${RUN_COLUMNS} FROM update_runs WHERE run_id IN (SELECT max(run_id) FROM update_runs GROUP BY updater)`)
        .all()
        .map(rowToRun);
      const changed = this.db
        .prepare(`SELECT ${RUN_COLUMNS} FROM update_runs WHERE run_id IN (SELECT max(run_id) FROM update_runs WHERE status = 'changed' GROUP BY updater)`)
        .all()
        .map(rowToRun);
      return buildStatus(last, changed);
    });
  }

  async find(queries: readonly AdvisoryQuery[]): Promise<readonly Advisory[]> {
    return this.read(() => {
      // Prepared once: lookups are the hot path of a scan (one per package).
      this.findStmt ??= this.db.prepare(`${SELECT_ADVISORY} WHERE namespace = ? AND package_name = ? AND package_kind = ? ORDER BY id, seq`);
      const stmt = this.findStmt;
      const out: Advisory[] = [];
      // One read transaction so all queries see the same snapshot even if another process commits meanwhile.
      this.db
        .transaction(() => {
          for (const q of uniqueQueries(queries)) {
            for (const row of stmt.all(q.namespace, q.packageName, q.packageKind)) out.push(rowToAdvisory(row, true));
          }
        })
        .deferred();
      return out;
    });
  }

  async search(query: AdvisorySearch): Promise<readonly Advisory[]> {
    return this.read(() => searchSqlite(this.db, query));
  }

  async generation(): Promise<string> {
    const r = this.read(() => this.db.prepare<[], { n: number; m: number | null }>("SELECT count(*) AS n, max(run_id) AS m FROM update_runs").get());
    return `${r?.n ?? 0}:${r?.m ?? 0}`;
  }

  async countAdvisories(): Promise<number> {
    return this.read(() => Number(this.db.prepare("SELECT count(*) FROM advisories").pluck().get()));
  }

  async *exportAdvisories(updater: string): AsyncGenerator<Advisory> {
    // One statement is one WAL read snapshot, however long the consumer takes between rows.
    const rows = this.read(() => this.db.prepare(`${SELECT_ADVISORY} WHERE updater = ? ORDER BY seq`).iterate(updater));
    try {
      for (;;) {
        const r = this.read(() => rows.next());
        if (r.done === true) return;
        yield rowToAdvisory(r.value, true);
      }
    } finally {
      // Frees the connection when the consumer stops early; a no-op after the last row.
      rows.return?.();
    }
  }

  async *exportEnrichments(updater: string): AsyncGenerator<Enrichment> {
    const rows = this.read(() => this.db.prepare(`SELECT ${ENRICHMENT_COLUMNS.join(", ")} FROM enrichments WHERE updater = ? ORDER BY seq`).iterate(updater));
    try {
      for (;;) {
        const r = this.read(() => rows.next());
        if (r.done === true) return;
        yield rowToEnrichment(r.value, true);
      }
    } finally {
      rows.return?.();
    }
  }

  async importAdvisories(runs: readonly UpdateRun[], records: AsyncIterable<StoredRecord> | Iterable<StoredRecord>): Promise<ReadonlyMap<string, number>> {
    const sorted = importRuns(runs);
    // A manual transaction, because db.transaction() cannot span the awaits of an async source.
    // On a connection the other stores share (claro serve), it runs on a writer connection of its
    // own: while it awaits, their statements would otherwise join it, see its half-written rows,
    // and be rolled back with it. Readers keep the old data until COMMIT (WAL).
    const writer = this.handle.shared && this.path !== MEMORY ? openHandle(this.path) : null;
    try {
      return await this.importOn(writer?.db ?? this.db, sorted, records);
    } finally {
      writer?.release();
    }
  }

  private async importOn(
    db: Db,
    sorted: readonly UpdateRun[],
    records: AsyncIterable<StoredRecord> | Iterable<StoredRecord>,
  ): Promise<ReadonlyMap<string, number>> {
    // IMMEDIATE takes the write lock up front, as replaceAdvisories does.
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (e) {
      throw writeFailure(e, "sqlite", "starting an import");
    }
    try {
      const del = db.prepare("DELETE FROM advisories WHERE updater = ?");
      const delEnrichments = db.prepare("DELETE FROM enrichments WHERE updater = ?");
      const ids = new Map<string, number>();
      for (const run of sorted) {
        del.run(run.updater);
        delEnrichments.run(run.updater);
        ids.set(run.updater, this.insertRun(run, db));
      }
      const insert = db.prepare(`INSERT INTO advisories (run_id, ${ADVISORY_COLUMNS.join(", ")}) VALUES (?${", ?".repeat(ADVISORY_COLUMNS.length)})`);
      const insertEnrichment = db.prepare(`INSERT INTO enrichments (run_id, ${ENRICHMENT_COLUMNS.join(", ")}) VALUES (?, ?, ?, ?, ?)`);
      const counts = new Map<string, number>(sorted.map((r) => [r.updater, 0]));
      for await (const a of guardAsyncIterable(records)) {
        if (isEnrichment(a)) insertEnrichment.run(runIdFor(ids, a), ...enrichmentValues(a));
        else insert.run(runIdFor(ids, a), ...advisoryValues(a));
        counts.set(a.updater, (counts.get(a.updater) ?? 0) + 1);
      }
      const setCount = db.prepare("UPDATE update_runs SET record_count = ? WHERE run_id = ?");
      for (const [updater, id] of ids) setCount.run(counts.get(updater) ?? 0, id);
      db.exec("COMMIT");
      return counts;
    } catch (e) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw writeFailure(e, "sqlite", `importing ${sorted.length} updaters`);
    }
  }

  async replaceEnrichments(run: UpdateRun, records: Iterable<Enrichment>): Promise<number> {
    const db = this.db;
    const write = db.transaction((items: Iterable<Enrichment>): number => {
      const indexes = suspendIndexes(db, "enrichments", run.updater);
      try {
        db.prepare("DELETE FROM enrichments WHERE updater = ?").run(run.updater);
        const runId = this.insertRun({ ...run, status: "changed", recordCount: 0 });
        const insert = new BatchInsert(db, "enrichments", ["run_id", ...ENRICHMENT_COLUMNS]);
        let count = 0;
        for (const e of guardIterable(items)) {
          checkOwner(run.updater, { updater: e.updater, id: `${e.kind} ${e.cve}` });
          insert.add([runId, ...enrichmentValues(e)]);
          count += 1;
        }
        insert.flush();
        indexes.rebuild();
        db.prepare("UPDATE update_runs SET record_count = ? WHERE run_id = ?").run(count, runId);
        return count;
      } finally {
        indexes.release();
      }
    });
    try {
      return write.immediate(records);
    } catch (e) {
      throw writeFailure(e, "sqlite", `replacing the enrichments of ${run.updater}`);
    }
  }

  async findEnrichments(cves: readonly string[]): Promise<readonly Enrichment[]> {
    return this.read(() => {
      const stmt = this.db.prepare(`SELECT ${ENRICHMENT_COLUMNS.join(", ")} FROM enrichments WHERE cve = ? ORDER BY seq`);
      const out: Enrichment[] = [];
      this.db
        .transaction(() => {
          for (const cve of uniqueCves(cves)) for (const row of stmt.all(cve)) out.push(rowToEnrichment(row, true));
        })
        .deferred();
      return out;
    });
  }

  async close(): Promise<void> {
    this.handle.release();
  }

  private read<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof FatalError) throw e;
      throw new FatalError(
        "DB_ERROR",
        `sqlite: reading ${this.path} failed: ${firstLine(e instanceof Error ? e.message : String(e))}`,
        "run `claro db update` to create or repair the database",
        { cause: e },
      );
    }
  }
}
