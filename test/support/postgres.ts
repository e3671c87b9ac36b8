import pg from "pg";

let cached: Promise<string> | undefined;

/**
 * The test server: CLARO_TEST_PG, else the local trust-auth server as user `postgres`, else `root`.
 * Fails loudly rather than skipping, because the CI environment always provides it.
 */
export function pgTestUrl(): Promise<string> {
  cached ??= (async () => {
    const candidates = process.env["CLARO_TEST_PG"]
      ? [process.env["CLARO_TEST_PG"]]
      : ["postgres://postgres@127.0.0.1:5432/test", "postgres://root@127.0.0.1:5432/test"];
    const errors: string[] = [];
    for (const url of candidates) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      try {
        await client.connect();
        await client.query("SELECT 1");
        return url;
      } catch (e) {
        errors.push(`${url}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw new Error(`no test PostgreSQL reachable (set CLARO_TEST_PG): ${errors.join("; ")}`);
  })();
  return cached;
}

let serial = 0;

/** A schema name unique to this process and call, so parallel test runs never share tables. */
export function uniqueSchema(): string {
  serial += 1;
  return `claro_test_${process.pid}_${Date.now().toString(36)}_${serial}`;
}

export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("schema", schema);
  return u.toString();
}

export async function adminQuery<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: await pgTestUrl() });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
