import type Database from "better-sqlite3";
import type { Advisory } from "../core/advisory.js";
import type { AdvisorySearch } from "../contracts/store.js";
import { ADVISORY_COLUMNS, rowToAdvisory } from "./rows.js";

// `claro db search`: a read-only lookup by vulnerability id, alias or package name. It scans the
// table (ids and aliases have no index): a person runs it, not a scan's hot path, so a second on
// a full database is fine and no migration is needed. Both dialects order rows by bytes, so the
// two backends answer alike.

export function searchSqlite(db: Database.Database, q: AdvisorySearch): Advisory[] {
  const rows = db
    .prepare(
      `SELECT ${ADVISORY_COLUMNS.join(", ")} FROM advisories
        WHERE upper(id) = upper(@term) OR package_name = @term
           OR EXISTS (SELECT 1 FROM json_each(advisories.aliases) AS a WHERE upper(a.value) = upper(@term))
        ORDER BY id, namespace, package_name, seq LIMIT @limit`,
    )
    .all({ term: q.term, limit: q.limit });
  return rows.map((r) => rowToAdvisory(r, true));
}

export type PgQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

export async function searchPostgres(query: PgQuery, q: AdvisorySearch): Promise<Advisory[]> {
  const rows = await query(
    `SELECT ${ADVISORY_COLUMNS.join(", ")} FROM advisories
      WHERE upper(id) = upper($1) OR package_name = $1
         OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(advisories.aliases) AS a(v) WHERE upper(a.v) = upper($1))
      ORDER BY id COLLATE "C", namespace COLLATE "C", package_name COLLATE "C", seq LIMIT $2`,
    [q.term, q.limit],
  );
  return rows.map((r) => rowToAdvisory(r, false));
}
