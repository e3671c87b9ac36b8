/**
 * A `claro scan --format json` document without the fields that say *when* (render time, data
 * age): two databases loaded at different moments with the same data must give equal documents
 * otherwise.
 */
export function withoutTimestamps(text: string): unknown {
  const doc = JSON.parse(text) as Record<string, unknown> & {
    database?: Record<string, unknown>;
    coverage?: { dataSources?: Record<string, unknown>[] }[];
  };
  delete doc["createdAt"];
  if (doc.database) delete doc.database["updatedAt"];
  for (const c of doc.coverage ?? []) for (const s of c.dataSources ?? []) delete s["updatedAt"];
  return doc;
}
