import pg from "pg";
import type { Advisory } from "../../core/advisory.js";
import { FatalError } from "../../core/problem.js";
import type { AdvisoryQuery } from "../../contracts/matcher.js";
import type { AdvisorySearch, AdvisoryStore, StoredRecord, UpdateRun, UpdaterStatus } from "../../contracts/store.js";
import { searchPostgres } from "../advisory-search.js";
import { guardAsyncIterable, importRuns, runIdFor } from "../import-rows.js";
import { isEnrichment, type Enrichment } from "../../contracts/enrichment.js";
import { ENRICHMENT_COLUMNS, rowToEnrichment, uniqueCves } from "../enrichment-rows.js";
import { pendingMigrations } from "../migrations.js";
import { describeConnectError, type PgTarget } from "./pg-config.js";
import { applyMigrations } from "./migrate.js";
import { connectionFor, type PgConnection } from "./pool.js";
import { insertRun, RUN_COLUMNS } from "./advisory-rows.js";
import { moveStagedAdvisories, moveStagedEnrichments, stageRecords, type StagedRecord } from "./copy-rows.js";
import { ADVISORY_COLUMNS, assertDataless, buildStatus, checkOwner, guardIterable, rowToAdvisory, rowToRun, uniqueQueries, writeFailure } from "../rows.js";

/** Rows per export page: big enough to amortise the round trip, small enough to bound memory. */
const EXPORT_PAGE_ROWS = 2000;

export interface PostgresStoreOptions {
  /** Overrides `?schema=` in the URL; the default schema is `claro`. */
  readonly schema?: string;
  /** Pool size; the default suits a CLI. */
  readonly maxConnections?: number;
  readonly applicationName?: string;
}

/**
 * The server backend. Every connection gets `search_path` set to claro's own schema, so the SQL
 * is the same whatever schema a deployment (or a test run) chooses.
 */
export class PostgresStore implements AdvisoryStore {
  readonly backend = "postgres" as const;
  readonly schema: string;
  private readonly pool: pg.Pool;

  private readonly conn: PgConnection;
  private readonly target: PgTarget;

  /** A URL opens a pool of its own; a PgConnection (openPostgresStores) is shared with the other stores. */
  constructor(url: string | PgConnection, options: PostgresStoreOptions = {}) {
    this.conn = connectionFor(url, { max: options.maxConnections ?? 4, applicationName: options.applicationName ?? "claro", schema: options.schema });
    this.pool = this.conn.pool;
    this.target = this.conn.target;
    this.schema = this.target.schema;
  }

  /** Where this store points, without credentials. */
  get location(): string {
    return `${this.target.display} (schema ${this.schema})`;
  }

  async migrate(): Promise<void> {
    const client = await this.connect();
    try {
      await applyMigrations(client, { schema: this.schema, table: "schema_migrations", lock: `claro:migrate:${this.schema}`, pending: pendingMigrations });
    } catch (e) {
      throw writeFailure(e, "postgres", `migrating ${this.location}`);
    } finally {
      client.release();
    }
  }

  async replaceAdvisories(run: UpdateRun, advisories: Iterable<Advisory>): Promise<number> {
    const client = await this.connect();
    let broken: unknown = undefined;
    try {
      await client.query("BEGIN");
      // Serialises two writers of the same updater; otherwise the second one's DELETE would not
      // see the first one's fresh rows and both sets would survive.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`claro:updater:${this.schema}:${run.updater}`]);
      const runId = await insertRun(client, { ...run, status: "changed", recordCount: 0 });
      let count = 0;
      const updater = run.updater;
      function* staged(): Generator<StagedRecord> {
        for (const a of guardIterable(advisories)) {
          checkOwner(updater, a);
          count += 1;
          yield [runId, { advisory: a }];
        }
      }
      await stageRecords(client, staged());
      // Deleted only now, after the feed was read whole: the lock above already keeps other writers out.
      await client.query("DELETE FROM advisories WHERE updater = $1", [run.updater]);
      await moveStagedAdvisories(client);
      await client.query("UPDATE update_runs SET record_count = $1 WHERE run_id = $2", [count, runId]);
      await client.query("COMMIT");
      return count;
    } catch (e) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        broken = rollbackError;
      }
      throw writeFailure(e, "postgres", `replacing the advisories of ${run.updater}`);
    } finally {
      // A client whose ROLLBACK failed is in an unknown state; destroy it rather than pool it.
      client.release(broken === undefined ? undefined : true);
    }
  }

  async recordRun(run: UpdateRun): Promise<void> {
    assertDataless(run);
    const client = await this.connect();
    try {
      await insertRun(client, run);
    } catch (e) {
      throw writeFailure(e, "postgres", `recording a run of ${run.updater}`);
    } finally {
      client.release();
    }
  }

  async metadata(key: string): Promise<string | null> {
    const r = await this.query<{ value: string }>("SELECT value FROM metadata WHERE key = $1", [key]);
    return r[0]?.value ?? null;
  }

  async setMetadata(key: string, value: string): Promise<void> {
    const client = await this.connect();
    try {
      await client.query(
        "INSERT INTO metadata (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        [key, value],
      );
    } catch (e) {
      throw writeFailure(e, "postgres", `recording ${key}`);
    } finally {
      client.release();
    }
  }

  async fingerprint(updater: string): Promise<string | null> {
    const r = await this.query<{ fingerprint: string | null }>(
      "SELECT fingerprint FROM update_runs WHERE updater = $1 AND status = 'changed' ORDER BY run_id DESC LIMIT 1",
      [updater],
    );
    return r[0]?.fingerprint ?? null;
  }

  async status(): Promise<readonly UpdaterStatus[]> {
    const last = await this.query(`SELECT ${RUN_COLUMNS} FROM update_runs WHERE run_id IN (SELECT max(run_id) FROM update_runs GROUP BY updater)`);
    const changed = await this.query(
      `SELECT ${RUN_COLUMNS} FROM update_runs WHERE run_id IN (SELECT max(run_id) FROM update_runs WHERE status = 'changed' GROUP BY updater)`,
    );
    return buildStatus(last.map(rowToRun), changed.map(rowToRun));
  }

  async find(queries: readonly AdvisoryQuery[]): Promise<readonly Advisory[]> {
    const qs = uniqueQueries(queries);
    if (qs.length === 0) return [];
    // One statement for all queries: one snapshot, one round trip. COLLATE "C" orders ids by bytes,
    // as SQLite does, so both backends return the same order.
    const rows = await this.query(
      `SELECT ${ADVISORY_COLUMNS.map((c) => `a.${c}`).join(", ")}
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS q(namespace, package_name, package_kind, ord)
         JOIN advisories a ON a.namespace = q.namespace AND a.package_name = q.package_name AND a.package_kind = q.package_kind
        ORDER BY q.ord, a.id COLLATE "C", a.seq`,
      [qs.map((q) => q.namespace), qs.map((q) => q.packageName), qs.map((q) => q.packageKind)],
    );
    return rows.map((r) => rowToAdvisory(r, false));
  }

  search(query: AdvisorySearch): Promise<readonly Advisory[]> {
    return searchPostgres((sql, params) => this.query(sql, params), query);
  }

  async generation(): Promise<string> {
    const r = await this.query<{ n: string; m: string | null }>("SELECT count(*) AS n, max(run_id) AS m FROM update_runs");
    return `${r[0]?.n ?? 0}:${r[0]?.m ?? 0}`;
  }

  async countAdvisories(): Promise<number> {
    const r = await this.query<{ n: string }>("SELECT count(*) AS n FROM advisories");
    return Number(r[0]?.n ?? 0);
  }

  exportAdvisories(updater: string): AsyncGenerator<Advisory> {
    return this.exportPages("advisories", ADVISORY_COLUMNS, updater, (row) => rowToAdvisory(row, false));
  }

  exportEnrichments(updater: string): AsyncGenerator<Enrichment> {
    return this.exportPages("enrichments", ENRICHMENT_COLUMNS, updater, (row) => rowToEnrichment(row, false));
  }

  private async *exportPages<T>(table: string, columns: readonly string[], updater: string, toValue: (row: Record<string, unknown>) => T): AsyncGenerator<T> {
    const client = await this.connect();
    let broken = false;
    let open = false;
    try {
      // Keyset pages inside one REPEATABLE READ transaction: bounded memory, one snapshot.
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      open = true;
      let after = "0";
      for (;;) {
        const page = await client.query<Record<string, unknown> & { seq: string }>(
          `SELECT seq, ${columns.join(", ")} FROM ${table} WHERE updater = $1 AND seq > $2 ORDER BY seq LIMIT ${EXPORT_PAGE_ROWS}`,
          [updater, after],
        );
        for (const row of page.rows) yield toValue(row);
        const last = page.rows.at(-1);
        if (last === undefined || page.rows.length < EXPORT_PAGE_ROWS) break;
        after = String(last.seq);
      }
      open = false;
      await client.query("COMMIT");
    } catch (e) {
      broken = true;
      if (e instanceof FatalError) throw e;
      throw new FatalError(
        "DB_ERROR",
        `postgres: exporting ${updater} from ${this.location} failed: ${e instanceof Error ? e.message : String(e)}`,
        undefined,
        { cause: e },
      );
    } finally {
      // Also reached when the consumer stops early: end the read-only transaction before pooling the client.
      if (open && !broken) await client.query("ROLLBACK").catch(() => (broken = true));
      client.release(broken || undefined);
    }
  }

  async importAdvisories(runs: readonly UpdateRun[], records: AsyncIterable<StoredRecord> | Iterable<StoredRecord>): Promise<ReadonlyMap<string, number>> {
    const sorted = importRuns(runs);
    const client = await this.connect();
    let broken: unknown = undefined;
    try {
      await client.query("BEGIN");
      // The same per-updater locks as replaceAdvisories, taken in sorted order so importers cannot deadlock.
      for (const r of sorted) await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`claro:updater:${this.schema}:${r.updater}`]);
      await client.query("DELETE FROM advisories WHERE updater = ANY($1::text[])", [sorted.map((r) => r.updater)]);
      await client.query("DELETE FROM enrichments WHERE updater = ANY($1::text[])", [sorted.map((r) => r.updater)]);
      const ids = new Map<string, string>();
      for (const r of sorted) ids.set(r.updater, await insertRun(client, r));
      const counts = new Map<string, number>(sorted.map((r) => [r.updater, 0]));
      async function* staged(): AsyncGenerator<StagedRecord> {
        for await (const a of guardAsyncIterable(records)) {
          counts.set(a.updater, (counts.get(a.updater) ?? 0) + 1);
          yield [runIdFor(ids, a), isEnrichment(a) ? { enrichment: a } : { advisory: a }];
        }
      }
      await stageRecords(client, staged());
      await moveStagedAdvisories(client);
      await moveStagedEnrichments(client);
      for (const [updater, id] of ids) await client.query("UPDATE update_runs SET record_count = $1 WHERE run_id = $2", [counts.get(updater) ?? 0, id]);
      await client.query("COMMIT");
      return counts;
    } catch (e) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        broken = rollbackError;
      }
      throw writeFailure(e, "postgres", `importing ${sorted.length} updaters`);
    } finally {
      client.release(broken === undefined ? undefined : true);
    }
  }

  async replaceEnrichments(run: UpdateRun, records: Iterable<Enrichment>): Promise<number> {
    const client = await this.connect();
    let broken: unknown = undefined;
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`claro:updater:${this.schema}:${run.updater}`]);
      const runId = await insertRun(client, { ...run, status: "changed", recordCount: 0 });
      let count = 0;
      const updater = run.updater;
      function* staged(): Generator<StagedRecord> {
        for (const e of guardIterable(records)) {
          checkOwner(updater, { updater: e.updater, id: `${e.kind} ${e.cve}` });
          count += 1;
          yield [runId, { enrichment: e }];
        }
      }
      await stageRecords(client, staged());
      await client.query("DELETE FROM enrichments WHERE updater = $1", [run.updater]);
      await moveStagedEnrichments(client);
      await client.query("UPDATE update_runs SET record_count = $1 WHERE run_id = $2", [count, runId]);
      await client.query("COMMIT");
      return count;
    } catch (e) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        broken = rollbackError;
      }
      throw writeFailure(e, "postgres", `replacing the enrichments of ${run.updater}`);
    } finally {
      client.release(broken === undefined ? undefined : true);
    }
  }

  async findEnrichments(cves: readonly string[]): Promise<readonly Enrichment[]> {
    const ids = uniqueCves(cves);
    if (ids.length === 0) return [];
    const rows = await this.query("SELECT updater, kind, cve, data FROM enrichments WHERE cve = ANY($1::text[]) ORDER BY seq", [ids]);
    return rows.map((r) => rowToEnrichment(r, false));
  }

  async close(): Promise<void> {
    await this.conn.release();
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw describeConnectError(e, this.target);
    }
  }

  private async query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    const client = await this.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } catch (e) {
      if (e instanceof FatalError) throw e;
      throw new FatalError(
        "DB_ERROR",
        `postgres: query on ${this.location} failed: ${e instanceof Error ? e.message : String(e)}`,
        "run `claro db update` to create the tables",
        { cause: e },
      );
    } finally {
      client.release();
    }
  }
}
