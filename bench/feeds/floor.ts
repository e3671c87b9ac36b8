// The floor of `bench:update` (issue 13): a separate node process that reads a generated feed,
// parses it with the platform's own parser (JSON.parse, a split on lines) and bulk-inserts the
// same rows claro would write, in one transaction, with no validation and no mapping beyond
// picking fields. Indexes are built after the insert, the cheapest order. Nothing of claro is
// loaded except its zip central-directory reader (src/formats/zip.ts) for OSV's all.zip and its
// synchronous zstd and tar readers (src/formats/zstd-slices.ts, tar-members.ts) for Red Hat's .tar.zst.
//
//   node floor.js FORMAT SOURCE sqlite:PATH | postgres://…?schema=S
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import pg from "pg";
import { zipJsonFiles } from "../../src/formats/zip.js";
import { csafRows } from "./floor-csaf.js";
import { ovalRows } from "./floor-oval.js";

type Row = (string | null)[];
/** Rows of one table: advisories (16 columns, like claro's) or enrichments (4). */
interface Table {
  readonly name: "advisories" | "enrichments";
  readonly columns: readonly string[];
}

const ADVISORIES: Table = {
  name: "advisories",
  columns: [
    "updater",
    "id",
    "aliases",
    "namespace",
    "package_name",
    "package_kind",
    "version_scheme",
    "status",
    "fixed_version",
    "introduced_version",
    "severity",
    "vendor_severity",
    "cvss",
    "description",
    "links",
    "last_affected_version",
  ],
};
const ENRICHMENTS: Table = { name: "enrichments", columns: ["updater", "kind", "cve", "data"] };
const INDEXES: Record<Table["name"], readonly string[]> = {
  advisories: ["(namespace, package_name, package_kind)", "(updater)"],
  enrichments: ["(cve)", "(updater)"],
};

interface DebianRelease {
  status?: string;
  fixed_version?: string;
  urgency?: string;
}

function* debianRows(source: string): Generator<Row> {
  const doc = JSON.parse(readFileSync(source, "utf8")) as Record<string, Record<string, { description?: string; releases?: Record<string, DebianRelease> }>>;
  for (const [pkg, cves] of Object.entries(doc)) {
    for (const [id, cve] of Object.entries(cves)) {
      for (const [codename, r] of Object.entries(cve.releases ?? {})) {
        yield [
          "debian",
          id,
          "[]",
          `debian:${codename}`,
          pkg,
          "source",
          "dpkg",
          r.status ?? "",
          r.fixed_version ?? null,
          null,
          r.urgency ?? "unknown",
          r.urgency ?? null,
          "[]",
          cve.description ?? null,
          `["https://security-tracker.debian.org/tracker/${id}"]`,
          null,
        ];
      }
    }
  }
}

function* epssRows(source: string): Generator<Row> {
  const lines = gunzipSync(readFileSync(source)).toString("utf8").split("\n");
  for (const line of lines) {
    if (line === "" || line.startsWith("#") || line.startsWith("cve,")) continue;
    const [cve, score, percentile] = line.split(",");
    yield ["epss", "epss", cve!, JSON.stringify({ score: Number(score), percentile: Number(percentile) })];
  }
}

interface OsvRecord {
  id: string;
  aliases?: string[];
  summary?: string;
  affected?: { package: { ecosystem: string; name: string }; ranges?: { events: Record<string, string>[] }[] }[];
}

/** `skipNotices`: Ubuntu's USN/LSN records restate the CVE records' fixes; claro skips them too. */
function* osvRows(source: string, skipNotices = false): Generator<Row> {
  for (const file of zipJsonFiles(readFileSync(source), source)) {
    const r = JSON.parse(file.text) as OsvRecord;
    if (skipNotices && /^(USN|LSN)-/.test(r.id)) continue;
    for (const a of r.affected ?? []) {
      const fixed = a.ranges?.flatMap((x) => x.events).find((e) => e["fixed"] !== undefined)?.["fixed"] ?? null;
      yield [
        `osv/${a.package.ecosystem}`,
        r.id,
        JSON.stringify(r.aliases ?? []),
        a.package.ecosystem,
        a.package.name,
        "binary",
        "semver",
        fixed ? "fixed" : "affected",
        fixed,
        "0",
        "unknown",
        null,
        "[]",
        r.summary ?? null,
        "[]",
        null,
      ];
    }
  }
}

function* nvdRows(dir: string): Generator<Row> {
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()) {
    const page = JSON.parse(readFileSync(join(dir, name), "utf8")) as {
      vulnerabilities: { cve: { id: string; published?: string; lastModified?: string; metrics?: unknown } }[];
    };
    for (const v of page.vulnerabilities)
      yield [
        "nvd",
        "nvd",
        v.cve.id,
        JSON.stringify({ cvss: v.cve.metrics ?? {}, published: v.cve.published ?? null, lastModified: v.cve.lastModified ?? null }),
      ];
  }
}

function* alpineRows(dir: string): Generator<Row> {
  for (const release of readdirSync(dir).sort()) {
    for (const repo of ["main", "community"]) {
      const doc = JSON.parse(readFileSync(join(dir, release, `${repo}.json`), "utf8")) as {
        packages: { pkg: { name: string; secfixes: Record<string, string[]> } }[];
      };
      for (const { pkg } of doc.packages) {
        for (const [fixed, cves] of Object.entries(pkg.secfixes)) {
          for (const id of cves)
            yield [
              `alpine/${release}/${repo}`,
              id,
              "[]",
              `alpine:${release}`,
              pkg.name,
              "binary",
              "apk",
              "fixed",
              fixed,
              null,
              "unknown",
              null,
              "[]",
              null,
              "[]",
              null,
            ];
        }
      }
    }
  }
}

function rowsOf(format: string, source: string): { table: Table; rows: Iterable<Row> } {
  switch (format) {
    case "debian":
      return { table: ADVISORIES, rows: debianRows(source) };
    case "epss":
      return { table: ENRICHMENTS, rows: epssRows(source) };
    case "osv":
      return { table: ADVISORIES, rows: osvRows(source) };
    case "ubuntu":
      return { table: ADVISORIES, rows: osvRows(source, true) };
    case "nvd":
      return { table: ENRICHMENTS, rows: nvdRows(source) };
    case "alpine":
      return { table: ADVISORIES, rows: alpineRows(source) };
    case "csaf":
      return { table: ADVISORIES, rows: csafRows(source) };
    case "oval":
      return { table: ADVISORIES, rows: ovalRows(source, "suse/suse.linux.enterprise.15") };
    default:
      throw new Error(`floor: unknown format ${format}`);
  }
}

function sqliteFloor(path: string, table: Table, rows: Iterable<Row>): number {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`CREATE TABLE ${table.name} (seq INTEGER PRIMARY KEY, ${table.columns.map((c) => `${c} TEXT`).join(", ")})`);
  const insert = db.prepare(`INSERT INTO ${table.name} (${table.columns.join(", ")}) VALUES (${table.columns.map(() => "?").join(", ")})`);
  let count = 0;
  db.transaction(() => {
    for (const r of rows) {
      insert.run(...r);
      count += 1;
    }
    INDEXES[table.name].forEach((cols, i) => db.exec(`CREATE INDEX ${table.name}_${i} ON ${table.name} ${cols}`));
  })();
  db.close();
  return count;
}

async function postgresFloor(url: string, table: Table, rows: Iterable<Row>): Promise<number> {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? "public";
  u.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  const json = new Set(["aliases", "cvss", "links", "data"]);
  const sql = `INSERT INTO "${schema}".${table.name} (${table.columns.join(", ")}) SELECT * FROM unnest(${table.columns.map((c, i) => `$${i + 1}::${json.has(c) ? "jsonb" : "text"}[]`).join(", ")})`;
  let count = 0;
  try {
    await client.query("BEGIN");
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      `CREATE TABLE "${schema}".${table.name} (seq bigserial PRIMARY KEY, ${table.columns.map((c) => `${c} ${json.has(c) ? "jsonb" : "text"}`).join(", ")})`,
    );
    let columns: (string | null)[][] = table.columns.map(() => []);
    const flush = async (): Promise<void> => {
      if (columns[0]!.length === 0) return;
      await client.query(sql, columns);
      columns = table.columns.map(() => []);
    };
    for (const r of rows) {
      r.forEach((v, i) => columns[i]!.push(v));
      count += 1;
      if (columns[0]!.length >= 5000) await flush();
    }
    await flush();
    for (const [i, cols] of INDEXES[table.name].entries()) await client.query(`CREATE INDEX ${table.name}_${i} ON "${schema}".${table.name} ${cols}`);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
  return count;
}

const [format, source, db] = process.argv.slice(2);
if (!format || !source || !db) throw new Error("usage: floor FORMAT SOURCE sqlite:PATH|postgres://…");
const { table, rows } = rowsOf(format, source);
const count = db.startsWith("sqlite:") ? sqliteFloor(db.slice("sqlite:".length), table, rows) : await postgresFloor(db, table, rows);
process.stdout.write(`${JSON.stringify({ rows: count })}\n`);
