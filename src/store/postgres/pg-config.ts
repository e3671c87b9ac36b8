import { FatalError } from "../../core/problem.js";

export const DEFAULT_PG_SCHEMA = "claro";
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgTarget {
  /** The connection string without claro's own `schema` parameter. */
  readonly connectionString: string;
  readonly schema: string;
  /** `host:port/database`, safe to print (no password). */
  readonly display: string;
}

/** Splits `postgres://…[?schema=NAME]` into what pg needs and the schema claro keeps its tables in. */
export function parsePgUrl(url: string, schemaOverride?: string): PgTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FatalError("DB_ERROR", `invalid PostgreSQL URL ${redact(url)}`, "use postgres://USER@HOST:PORT/DATABASE[?schema=NAME]");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new FatalError("DB_ERROR", `not a PostgreSQL URL: ${redact(url)}`, "use postgres://USER@HOST:PORT/DATABASE");
  }
  const schema = schemaOverride ?? parsed.searchParams.get("schema") ?? DEFAULT_PG_SCHEMA;
  // The name is spliced into DDL and search_path, so only plain identifiers are accepted.
  if (!SCHEMA_NAME.test(schema)) {
    throw new FatalError("DB_ERROR", `invalid PostgreSQL schema name ${JSON.stringify(schema)}`, "use lower-case letters, digits and underscores");
  }
  parsed.searchParams.delete("schema");
  const host = parsed.hostname || "localhost";
  const port = parsed.port || "5432";
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "(default)";
  return { connectionString: parsed.toString(), schema, display: `${host}:${port}/${database}` };
}

/** Quotes a validated schema name for DDL. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/** A one-line cause and a hint for a failed connection (refused, unknown host, auth, no such database). */
export function describeConnectError(e: unknown, target: PgTarget): FatalError {
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
  const detail = e instanceof Error ? e.message.split("\n")[0] : String(e);
  const hints: Record<string, string> = {
    ECONNREFUSED: `is PostgreSQL running at ${target.display}?`,
    ENOTFOUND: "check the host name in --db / CLARO_DB",
    ETIMEDOUT: `is ${target.display} reachable from here?`,
    "28P01": "check the user and password in --db / CLARO_DB",
    "28000": "check the user in --db / CLARO_DB and the server's pg_hba.conf",
    "3D000": `create the database first (createdb), or name an existing one in --db`,
  };
  return new FatalError(
    "DB_ERROR",
    `cannot use PostgreSQL at ${target.display}: ${detail}`,
    hints[code] ?? `is PostgreSQL running at ${target.display}, and is --db / CLARO_DB right?`,
    { cause: e },
  );
}
