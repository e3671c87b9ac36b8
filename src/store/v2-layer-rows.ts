// Rows of `v2_layers` (index migration 3), shared by the SQLite and PostgreSQL stores.
import type { V2Layer } from "../contracts/v2-layer-store.js";

export interface V2LayerRow {
  name: string;
  parent_name: string | null;
  path: string;
  namespace: string;
  format: string;
  indexed_by_version: number;
  extract: Buffer;
  error: string | null;
}

export const toLayer = (r: V2LayerRow): V2Layer => ({
  name: r.name,
  parentName: r.parent_name,
  path: r.path,
  namespace: r.namespace,
  format: r.format,
  indexedByVersion: Number(r.indexed_by_version),
  extract: Buffer.from(r.extract),
  error: r.error,
});

export const CHAIN = `WITH RECURSIVE up(name, parent_name, depth) AS (
  SELECT name, parent_name, 0 FROM v2_layers WHERE name = $1
  UNION ALL SELECT l.name, l.parent_name, up.depth + 1 FROM v2_layers l JOIN up ON l.name = up.parent_name WHERE up.depth < 1000
) SELECT l.* FROM up JOIN v2_layers l ON l.name = up.name ORDER BY up.depth DESC`;

export const DESCENDANTS = `WITH RECURSIVE down(name) AS (
  SELECT name FROM v2_layers WHERE name = $1
  UNION SELECT l.name FROM v2_layers l JOIN down ON l.parent_name = down.name
) DELETE FROM v2_layers WHERE name IN (SELECT name FROM down)`;

export const UPSERT = `INSERT INTO v2_layers (name, parent_name, path, namespace, format, indexed_by_version, extract, error, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (name) DO UPDATE SET parent_name = excluded.parent_name, path = excluded.path, namespace = excluded.namespace,
format = excluded.format, indexed_by_version = excluded.indexed_by_version, extract = excluded.extract, error = excluded.error`;

export const params = (l: V2Layer): unknown[] => [
  l.name,
  l.parentName,
  l.path,
  l.namespace,
  l.format,
  l.indexedByVersion,
  l.extract,
  l.error,
  new Date().toISOString(),
];
