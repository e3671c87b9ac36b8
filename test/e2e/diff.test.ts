import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { claro } from "../support/claro.js";
import { sharedPath } from "../support/shared.js";

// `claro diff` end to end on bookworm-minbase → bookworm-multilayer, with a database filled from
// the Debian fixture feed; and the remediation of multilayer's scan.
const archive = sharedPath("images", "debian-bookworm.oci.tar");
const minbase = `oci-archive:${archive}:bookworm-minbase`;
const multilayer = `oci-archive:${archive}:bookworm-multilayer`;
const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");

interface Vuln {
  id: string;
  severity: string;
  package: { name: string; type: string; version: string; purl: string };
  layer: string;
  fixedVersion: string | null;
}
interface Pkg {
  name: string;
  version: string;
  type: string;
  purl: string;
  layer: string;
  foundIn?: string;
  target?: string;
}
interface Report {
  layers: { diffId: string; createdBy: string | null }[];
  packages: Pkg[];
  vulnerabilities: Vuln[];
  remediation: {
    baseLayers: string[];
    groups: {
      kind: string;
      layers: string[];
      createdBy: string | null;
      command: string | null;
      packages: { name: string; fixedVersion: string; findings: number }[];
    }[];
    unfixable: unknown[];
  };
}
interface Diff {
  fixed: (Vuln & { target: string })[];
  introduced: (Vuln & { target: string })[];
  unchanged: (Vuln & { target: string })[];
  packages: { added: Pkg[]; removed: Pkg[]; changed: unknown[] };
}

let work: string;
let db: string;
const reports: Record<string, Report> = {};
const files: Record<string, string> = {};

before(async () => {
  work = mkdtempSync(join(tmpdir(), "claro-diff-"));
  db = `sqlite:${join(work, "db.sqlite")}`;
  const u = await claro(["db", "update", "--db", db, "--source", `debian=${feed}`, "--only", "debian"]);
  assert.equal(u.code, 0, u.stderr);
  for (const [name, ref] of [
    ["minbase", minbase],
    ["multilayer", multilayer],
  ] as const) {
    files[name] = join(work, `${name}.json`);
    const r = await claro(["scan", "-q", "--format", "json", "-o", files[name], "--db", db, ref]);
    assert.equal(r.code, 0, r.stderr);
    reports[name] = JSON.parse(readFileSync(files[name], "utf8")) as Report;
  }
});
after(() => rmSync(work, { recursive: true, force: true }));

function key(v: Vuln, packages: Pkg[]): string {
  const p = packages.find((x) => x.purl === v.package.purl && x.layer === v.layer);
  return [v.id, v.package.name, v.package.type, p?.foundIn ?? ""].join(" ");
}

test("minbase → multilayer: introduced is exactly what multilayer has and minbase has not; packages added and removed; --fail-on-new HIGH exits 1", async () => {
  const r = await claro(["diff", "-q", "--format", "json", "--fail-on-new", "HIGH", "--db", db, minbase, multilayer]);
  assert.equal(r.code, 1, r.stderr);
  const d = JSON.parse(r.stdout) as Diff;
  const old = new Set(reports["minbase"]!.vulnerabilities.map((v) => key(v, reports["minbase"]!.packages)));
  const want = reports["multilayer"]!.vulnerabilities.map((v) => key(v, reports["multilayer"]!.packages))
    .filter((k) => !old.has(k))
    .sort();
  assert.ok(want.length > 0);
  assert.deepEqual(d.introduced.map((v) => [v.id, v.package.name, v.package.type, v.target].join(" ")).sort(), want);
  assert.deepEqual(d.fixed, []);
  assert.equal(d.unchanged.length, reports["multilayer"]!.vulnerabilities.length - want.length);

  const added = d.packages.added;
  assert.equal(added.filter((p) => p.type === "deb").length, 33);
  assert.deepEqual(
    added
      .filter((p) => p.type === "npm")
      .map((p) => `${p.name}@${p.version}`)
      .sort(),
    ["lodash@4.17.15", "minimist@0.0.8", "minimist@1.2.0", "mkdirp@0.5.1", "node-fetch@2.6.0"],
  );
  assert.deepEqual(
    added.filter((p) => p.type === "golang").map((p) => p.name),
    ["stdlib"],
  );
  assert.equal(added.length, 39);
  assert.deepEqual(
    d.packages.removed.map((p) => p.name),
    ["tzdata"],
  );
  assert.deepEqual(d.packages.changed, []);
  assert.match(r.stderr, /^$/, "quiet");
});

test("the reverse diff (a saved report against an image) introduces nothing at HIGH and exits 0", async () => {
  const r = await claro(["diff", "--format", "json", "--fail-on-new", "HIGH", "--db", db, files["multilayer"]!, minbase]);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout) as Diff;
  assert.ok(d.fixed.length > 0);
  assert.deepEqual(
    d.packages.added.map((p) => p.name),
    ["tzdata"],
  );
  assert.equal(d.packages.removed.length, 39);
});

test("two saved reports diff without a database, as a table and as HTML", async () => {
  const t = await claro(["diff", "--format", "table", "--db", `sqlite:${join(work, "none.sqlite")}`, files["minbase"]!, files["multilayer"]!]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^Packages: 39 added, 1 removed, 0 changed$/m);
  const h = await claro(["diff", "--format", "html", files["minbase"]!, files["multilayer"]!]);
  assert.equal(h.code, 0, h.stderr);
  assert.match(h.stdout, /^<!DOCTYPE html>/);
});

test("multilayer's remediation: the base layer apart, and the layer that installed openssl, libexpat1 and python3.11 with the bookworm-security fixes", () => {
  const r = reports["multilayer"]!;
  const rem = r.remediation;
  assert.deepEqual(rem.baseLayers, [r.layers[0]!.diffId], "the minbase layer is the base");
  const [base, ...own] = rem.groups;
  assert.equal(base?.kind, "base");
  assert.match(base?.command ?? "", /^apt-get update && apt-get install -y --only-upgrade /);
  const installer = own.find((g) => g.layers[0] === r.layers[1]!.diffId);
  assert.ok(installer);
  assert.equal(installer.kind, "layer");
  assert.match(installer.createdBy ?? "", /^RUN apt-get install .*openssl=3\.0\.20-1~deb12u2 .*libexpat1=/);
  const fixed = Object.fromEntries(installer.packages.map((p) => [p.name, p.fixedVersion]));
  // The versions bookworm-security carries (shared/images/README.md).
  assert.equal(fixed["openssl"], "3.0.22-1~deb12u2");
  assert.equal(fixed["libssl3"], "3.0.22-1~deb12u2");
  assert.equal(fixed["libexpat1"], "2.5.0-1+deb12u5");
  assert.equal(fixed["python3.11"], "3.11.2-6+deb12u9");
  assert.ok(installer.packages.every((p) => p.findings > 0));
  // Every fixable finding is in exactly one group.
  const fixable = r.vulnerabilities.filter((v) => v.fixedVersion !== null).length;
  assert.equal(
    rem.groups.flatMap((g) => g.packages).reduce((n, p) => n + p.findings, 0),
    fixable,
  );
});

test("scan --show remediation prints the section in the table", async () => {
  const r = await claro(["scan", "-q", "--format", "table", "--show", "remediation", "--db", db, multilayer]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Base image \(layer 1\): upgrade the base image, or `apt-get upgrade` these \d+ packages$/m);
  assert.match(r.stdout, /^Your layer 2: RUN apt-get install/m);
  assert.match(r.stdout, /openssl 3\.0\.20-1~deb12u2 → 3\.0\.22-1~deb12u2 \(deb; removes \d+ findings/);
});
