import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { claro } from "../../test/support/claro.js";
import { dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../test/support/postgres.js";
import { sharedPath } from "../../test/support/shared.js";

// claro db search (issue 11) through the real CLI, on SQLite and PostgreSQL filled from the same
// fixture feeds: the Debian bookworm data and the Go OSV directory.
const DEBIAN = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
const GO = sharedPath("fixtures", "vulndata", "osv", "go");

interface Row {
  id: string;
  aliases: string[];
  updater: string;
  namespace: string;
  package: { name: string; kind: string };
  status: string;
  affectedRange: string;
  fixedVersion: string | null;
  severity: string;
  vendorSeverity: string | null;
  affects?: boolean;
}
interface Answer {
  query: string;
  database: string;
  matchedBy: string;
  truncated: boolean;
  results: Row[];
}

type DebianFeed = Record<string, Record<string, { releases: Record<string, { status: string; fixed_version?: string; urgency?: string }> }>>;
const debianFeed = JSON.parse(readFileSync(DEBIAN, "utf8")) as DebianFeed;
// The first Go advisory with both a CVE and a GHSA alias, found in the fixture rather than named here.
const goAdvisory = readdirSync(GO)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(GO, f), "utf8")) as { id: string; aliases?: string[]; affected: { package: { name: string } }[] })
  .find((d) => (d.aliases ?? []).some((a) => a.startsWith("GHSA-")) && (d.aliases ?? []).some((a) => a.startsWith("CVE-")));

const backends: { name: string; spec: () => Promise<string>; cleanup: () => Promise<void> }[] = [];
let dir: string;
const schema = uniqueSchema();
backends.push({ name: "sqlite", spec: async () => `sqlite:${join(dir, "db.sqlite")}`, cleanup: async () => undefined });
backends.push({ name: "postgres", spec: async () => withSchema(await pgTestUrl(), schema), cleanup: () => dropSchema(schema) });

const answers = new Map<string, Answer[]>();

function dpkgLess(a: string, b: string): boolean {
  return spawnSync("dpkg", ["--compare-versions", a, "lt", b]).status === 0;
}

for (const backend of backends) {
  describe(`claro db search on ${backend.name} (real CLI)`, () => {
    let db: string;
    const search = async (...args: string[]): Promise<Answer> => {
      const r = await claro(["db", "search", "--db", db, "--format", "json", ...args]);
      assert.equal(r.code, 0, r.stderr);
      const answer = JSON.parse(r.stdout) as Answer;
      answers.set(backend.name, [...(answers.get(backend.name) ?? []), answer]);
      return answer;
    };
    before(async () => {
      dir ??= mkdtempSync(join(tmpdir(), "claro-db-search-"));
      db = await backend.spec();
      const r = await claro(["db", "update", "-q", "--db", db, "--source", `debian=${DEBIAN}`, "--source", `golang=${GO}`]);
      assert.equal(r.code, 0, r.stderr);
    });
    after(() => backend.cleanup());

    it("by CVE id: the Debian record with its updater, namespace, source package, fixed version and urgency", async () => {
      const rel = debianFeed["expat"]?.["CVE-2024-28757"]?.releases["bookworm"];
      assert.ok(rel?.fixed_version);
      const a = await search("CVE-2024-28757");
      const deb = a.results.filter((r) => r.updater === "debian");
      assert.equal(deb.length, 1);
      assert.deepEqual(
        {
          id: deb[0]!.id,
          namespace: deb[0]!.namespace,
          pkg: deb[0]!.package,
          fixed: deb[0]!.fixedVersion,
          range: deb[0]!.affectedRange,
          vendor: deb[0]!.vendorSeverity,
        },
        {
          id: "CVE-2024-28757",
          namespace: "debian:12",
          pkg: { name: "expat", kind: "source" },
          fixed: rel.fixed_version,
          range: `< ${rel.fixed_version}`,
          vendor: rel.urgency ?? null,
        },
      );
    });

    it("by alias, in any case: the Go OSV advisory that carries it", async () => {
      assert.ok(goAdvisory, "the Go fixture has an advisory with CVE and GHSA aliases");
      const ghsa = goAdvisory.aliases!.find((x) => x.startsWith("GHSA-"))!;
      const a = await search(ghsa.toLowerCase());
      assert.ok(a.results.length > 0);
      for (const r of a.results) {
        assert.equal(r.id, goAdvisory.id);
        assert.equal(r.namespace, "osv:Go");
        assert.ok(r.aliases.includes(ghsa), r.aliases.join(","));
      }
      assert.deepEqual([...new Set(a.results.map((r) => r.package.name))].sort(), [...new Set(goAdvisory.affected.map((x) => x.package.name))].sort());
    });

    it("by package name: every stored CVE of the Debian source package", async () => {
      const a = await search("expat");
      assert.ok(a.results.length > 0);
      assert.ok(a.results.every((r) => r.package.name === "expat" && r.updater === "debian"));
      const ids = new Set(a.results.map((r) => r.id));
      const inFeed = Object.entries(debianFeed["expat"] ?? {})
        .filter(([, v]) => v.releases["bookworm"]?.status === "resolved")
        .map(([cve]) => cve);
      for (const cve of inFeed) assert.ok(ids.has(cve), cve);
    });

    it("by purl with a version: the matcher's records, each saying whether it affects that version", async () => {
      const a = await search("pkg:deb/debian/libexpat1@2.5.0-1%2Bdeb12u2?arch=amd64&distro=debian-12&upstream=expat");
      assert.match(a.matchedBy, /^purl \(deb libexpat1@2\.5\.0-1\+deb12u2 on debian 12\)$/);
      assert.equal(a.results.find((r) => r.id === "CVE-2024-28757")?.affects, true);
      // dpkg itself is the oracle: a fixed record affects the version exactly when it is older than the fix.
      const fixed = a.results.filter((r) => r.status === "fixed" && r.fixedVersion !== null);
      assert.ok(fixed.some((r) => r.affects === false) && fixed.some((r) => r.affects === true));
      for (const r of fixed) assert.equal(r.affects, dpkgLess("2.5.0-1+deb12u2", r.fixedVersion!), `${r.id} fixed in ${r.fixedVersion}`);
    });

    it("the table names the columns and counts the rows; an unknown term is 0 rows and a note", async () => {
      const r = await claro(["db", "search", "--db", db, "CVE-2024-28757"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^ID +PACKAGE +NAMESPACE +UPDATER +AFFECTED +FIXED IN +STATUS +SEVERITY/);
      assert.match(r.stdout, /^CVE-2024-28757 +expat +debian:12 +debian /m);
      assert.match(r.stdout, /^1 advisory$/m);
      const none = await claro(["db", "search", "--db", db, "no-such-package-xyz"]);
      assert.equal(none.code, 0, none.stderr);
      assert.match(none.stdout, /^0 advisories$/m);
      assert.match(none.stderr, /no advisory in .* has the id, alias or package name 'no-such-package-xyz'/);
      const limited = await claro(["db", "search", "--db", db, "--limit", "2", "--format", "json", "expat"]);
      assert.equal((JSON.parse(limited.stdout) as Answer).results.length, 2);
      assert.match(limited.stderr, /only the first 2 advisories are shown/);
    });
  });
}

describe("both backends", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));
  it("answer every search with the same rows in the same order", () => {
    const sqlite = answers.get("sqlite") ?? [];
    const postgres = answers.get("postgres") ?? [];
    assert.equal(sqlite.length, 4);
    // Only the database each names differs.
    const strip = (xs: Answer[]): unknown[] => xs.map(({ database: _database, ...rest }) => rest);
    assert.deepEqual(strip(postgres), strip(sqlite));
  });
});
