import pg from "pg";
import { FatalError } from "../../core/problem.js";
import type { ClaimedJob, IndexJobStatus, IndexJobStore, JobEnd, JobEvent } from "../../contracts/index-jobs.js";
import { describeConnectError, type PgTarget } from "./pg-config.js";
import { connectionFor, type PgConnection } from "./pool.js";

/** One NOTIFY channel for every schema; the payload names the schema, so test schemas stay apart. */
export const INDEX_JOBS_CHANNEL = "claro_index_jobs";

/**
 * The `index_jobs` table (index migration 5): a work queue claimed with `FOR UPDATE SKIP LOCKED`,
 * so concurrent workers of many instances never take the same row, and leased with
 * `locked_until`, so a job whose owner died becomes claimable again. State changes that someone
 * may wait for are announced with NOTIFY in the same statement.
 */
export class PostgresIndexJobs implements IndexJobStore {
  readonly target: PgTarget;
  private readonly pool: pg.Pool;
  private listener: pg.PoolClient | null = null;
  private closed = false;

  private readonly conn: PgConnection;

  constructor(url: string | PgConnection) {
    this.conn = connectionFor(url, { max: 4, applicationName: "claro-index-queue" });
    this.target = this.conn.target;
    this.pool = this.conn.pool;
  }

  /** Adds a queued job, or finds the queued or running one of the same manifest (joined). */
  async enqueue(manifest: string, body: unknown): Promise<{ readonly id: string; readonly joined: boolean }> {
    // Three rounds cover the job ending between the refused insert and the lookup.
    for (let round = 0; round < 3; round++) {
      const added = await this.query<{ id: string }>(
        "enqueuing an index job",
        `WITH ins AS (
           INSERT INTO index_jobs (manifest, body, state) VALUES ($1, $2::jsonb, 'queued')
           ON CONFLICT (manifest) WHERE state IN ('queued', 'running') DO NOTHING
           RETURNING id)
         SELECT id::text, pg_notify($3, $4 || ' queued ' || id) FROM ins`,
        [manifest, JSON.stringify(body), INDEX_JOBS_CHANNEL, this.target.schema],
      );
      if (added[0]) return { id: added[0].id, joined: false };
      const active = await this.query<{ id: string }>(
        "finding an index job",
        "SELECT id::text FROM index_jobs WHERE manifest = $1 AND state IN ('queued', 'running')",
        [manifest],
      );
      if (active[0]) return { id: active[0].id, joined: true };
    }
    throw new FatalError("DB_ERROR", `postgres: could not enqueue the index job of ${manifest} at ${this.target.display}`);
  }

  /** Takes the oldest queued job, or a running one whose lease expired, for `owner`. */
  async claim(owner: string, leaseMs: number, maxAttempts: number): Promise<ClaimedJob | null> {
    const rows = await this.query<ClaimedJob>(
      "claiming an index job",
      `WITH next AS (
         SELECT id FROM index_jobs
         WHERE state = 'queued' OR (state = 'running' AND locked_until < now() AND attempts < $3)
         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
       UPDATE index_jobs j SET state = 'running', owner = $1, locked_until = now() + $2 * interval '1 millisecond',
         attempts = j.attempts + 1, started_at = now()
       FROM next WHERE j.id = next.id
       RETURNING j.id::text AS id, j.manifest, j.body, j.attempts`,
      [owner, leaseMs, maxAttempts],
    );
    return rows[0] ?? null;
  }

  /** Fails jobs whose lease expired after `maxAttempts` claims: each claim ended with its instance. */
  async abandonExhausted(maxAttempts: number): Promise<readonly string[]> {
    const rows = await this.query<{ id: string }>(
      "abandoning index jobs",
      `WITH gone AS (
         UPDATE index_jobs SET state = 'failed', error_code = 'TIMEOUT', locked_until = NULL, body = NULL, finished_at = now(),
           error = 'indexing was cut short ' || attempts || ' times (instances stopped or lost their lease)'
         WHERE state = 'running' AND locked_until < now() AND attempts >= $1
         RETURNING id)
       SELECT id::text, pg_notify($2, $3 || ' ended ' || id) FROM gone`,
      [maxAttempts, INDEX_JOBS_CHANNEL, this.target.schema],
    );
    return rows.map((r) => r.id);
  }

  /** Extends the leases `owner` still holds; resolves with the ids it holds. */
  async renew(owner: string, ids: readonly string[], leaseMs: number): Promise<readonly string[]> {
    if (ids.length === 0) return [];
    const rows = await this.query<{ id: string }>(
      "renewing index job leases",
      `UPDATE index_jobs SET locked_until = now() + $3 * interval '1 millisecond'
       WHERE id = ANY($2::bigint[]) AND owner = $1 AND state = 'running' RETURNING id::text`,
      [owner, ids, leaseMs],
    );
    return rows.map((r) => r.id);
  }

  /** Ends a job `owner` still holds; false when the lease was lost (the job is someone else's now). */
  async finish(id: string, owner: string, end: JobEnd): Promise<boolean> {
    const rows = await this.query<{ id: string }>(
      "finishing an index job",
      `WITH f AS (
         UPDATE index_jobs SET state = $3, error_code = $4, error = $5, locked_until = NULL, body = NULL, finished_at = now()
         WHERE id = $1 AND owner = $2 AND state = 'running' RETURNING id)
       SELECT id::text, pg_notify($6, $7 || ' ended ' || id) FROM f`,
      [id, owner, end.state, end.state === "failed" ? end.code : null, end.state === "failed" ? end.message : null, INDEX_JOBS_CHANNEL, this.target.schema],
    );
    return rows.length > 0;
  }

  /** Gives `owner`'s running jobs back to the queue (graceful shutdown); the claim is not counted. */
  async release(owner: string): Promise<readonly string[]> {
    const rows = await this.query<{ id: string }>(
      "releasing index jobs",
      `WITH r AS (
         UPDATE index_jobs SET state = 'queued', owner = NULL, locked_until = NULL, started_at = NULL, attempts = greatest(attempts - 1, 0)
         WHERE owner = $1 AND state = 'running' RETURNING id)
       SELECT id::text, pg_notify($2, $3 || ' queued ' || id) FROM r`,
      [owner, INDEX_JOBS_CHANNEL, this.target.schema],
    );
    return rows.map((r) => r.id);
  }

  async status(ids: readonly string[]): Promise<readonly IndexJobStatus[]> {
    if (ids.length === 0) return [];
    return this.query<IndexJobStatus>(
      "reading index job states",
      `SELECT id::text, state, error_code AS "errorCode", error FROM index_jobs WHERE id = ANY($1::bigint[])`,
      [ids],
    );
  }

  /** Jobs waiting and running, over every instance. */
  async depth(): Promise<{ readonly queued: number; readonly running: number }> {
    const rows = await this.query<{ state: string; n: number }>(
      "counting index jobs",
      "SELECT state, count(*)::int AS n FROM index_jobs WHERE state IN ('queued', 'running') GROUP BY state",
      [],
    );
    const of = (s: string): number => rows.find((r) => r.state === s)?.n ?? 0;
    return { queued: of("queued"), running: of("running") };
  }

  /** Deletes ended jobs older than `keepMs`: they only serve as an audit trail. */
  async prune(keepMs: number): Promise<number> {
    const rows = await this.query<{ id: string }>(
      "pruning index jobs",
      "DELETE FROM index_jobs WHERE state IN ('done', 'failed') AND finished_at < now() - $1 * interval '1 millisecond' RETURNING id::text",
      [keepMs],
    );
    return rows.length;
  }

  /**
   * LISTENs for this schema's job events on a session of its own, taken from the pool and held
   * while the queue runs (LISTEN belongs to a session, so it cannot go back to the pool between
   * uses). After a drop it reconnects; `onDown` is told, so callers lean on polling meanwhile.
   */
  async listen(onEvent: (e: JobEvent) => void, onDown: (e: unknown) => void): Promise<void> {
    if (this.closed) return;
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      onDown(e);
      if (!this.closed) setTimeout(() => void this.listen(onEvent, onDown).catch(onDown), 1000).unref();
      return;
    }
    const retry = (e: unknown): void => {
      if (this.listener !== client) return;
      this.listener = null;
      client.removeAllListeners("notification");
      // Destroyed, not returned: a session that failed (or still LISTENs) is no use to others.
      client.release(true);
      if (this.closed) return;
      onDown(e);
      setTimeout(() => void this.listen(onEvent, onDown).catch(onDown), 1000).unref();
    };
    this.listener = client;
    client.on("error", retry);
    client.on("end", () => retry(new Error("listen connection ended")));
    client.on("notification", (n) => {
      const [schema, event, id] = (n.payload ?? "").split(" ");
      if (schema === this.target.schema && (event === "queued" || event === "ended") && id) onEvent({ event, id });
    });
    try {
      await client.query(`LISTEN ${INDEX_JOBS_CHANNEL}`);
    } catch (e) {
      retry(e);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    if (listener !== null) {
      listener.removeAllListeners("notification");
      listener.release(true);
    }
    await this.conn.release();
  }

  private async query<R extends pg.QueryResultRow>(what: string, sql: string, params: unknown[]): Promise<R[]> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw describeConnectError(e, this.target);
    }
    try {
      return (await client.query<R>(sql, params)).rows;
    } catch (e) {
      const detail = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
      throw new FatalError("DB_ERROR", `postgres: ${what} at ${this.target.display} failed: ${detail}`, undefined, { cause: e });
    } finally {
      client.release();
    }
  }
}
