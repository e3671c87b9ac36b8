import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { claro } from "../../../test/support/claro.js";
import { sharedPath } from "../../../test/support/shared.js";
import { buildLayeredTree, createOciArchiveSource } from "../../image/index.js";

const image = sharedPath("images", "debian-bookworm.oci.tar");
const ref = `oci-archive:${image}:bookworm-multilayer`;
const osvDir = fileURLToPath(new URL("./testdata/osv", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "claro-npm-"));
after(() => rmSync(work, { recursive: true, force: true }));

const WANT = [
  "lodash@4.17.15 app/node_modules/lodash/package.json",
  "minimist@0.0.8 app/node_modules/mkdirp/node_modules/minimist/package.json",
  "minimist@1.2.0 app/node_modules/minimist/package.json",
  "mkdirp@0.5.1 app/node_modules/mkdirp/package.json",
  "node-fetch@2.6.0 app/node_modules/node-fetch/package.json",
];

test("bookworm-multilayer /app: the scanner over the real layered tree finds the 5 installed packages once each", async () => {
  const { npmPackageScanner } = await import("./scanner.js");
  const source = createOciArchiveSource(image, "bookworm-multilayer");
  try {
    const resolved = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
    const tree = await buildLayeredTree(source, resolved, { wants: npmPackageScanner.wants, maxFileSize: 64 << 20 });
    const r = npmPackageScanner.scan(tree, { distribution: null });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.found.map((p) => `${p.name}@${p.version} ${p.foundIn}`).sort(), WANT);
  } finally {
    await source.close();
  }
});

test("claro sbom: 5 npm packages, attributed to the 5th layer", async () => {
  const run = await claro(["sbom", "--format", "json", "-q", ref]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as {
    layers: { diffId: string }[];
    packages: { type: string; name: string; version: string; purl: string; layer: string }[];
  };
  const npm = report.packages.filter((p) => p.type === "npm");
  // The JSON report does not carry foundIn; the scanner test above checks the paths.
  assert.deepEqual(
    npm.map((p) => `${p.name}@${p.version}`).sort(),
    WANT.map((w) => w.split(" ")[0]),
  );
  const fifth = report.layers[4]?.diffId;
  assert.ok(fifth);
  assert.ok(
    npm.every((p) => p.layer === fifth),
    JSON.stringify(npm.map((p) => p.layer)),
  );
  assert.ok(npm.some((p) => p.purl === "pkg:npm/minimist@0.0.8"));
});

test("claro db update --source npm=<hand-written OSV> then scan: lodash, both minimists and node-fetch", async () => {
  const db = `sqlite:${join(work, "claro.db")}`;
  const update = await claro(["db", "update", "--db", db, "--source", `npm=${osvDir}`]);
  assert.equal(update.code, 0, update.stderr + update.stdout);
  const scan = await claro(["scan", "--format", "json", "-q", "--db", db, ref]);
  assert.ok(scan.code === 0 || scan.code === 1, scan.stderr);
  const report = JSON.parse(scan.stdout) as {
    vulnerabilities: { id: string; aliases: string[]; package: { name: string; version: string }; fixedVersion: string | null; namespace: string }[];
  };
  const npm = report.vulnerabilities
    .filter((v) => v.namespace === "osv:npm")
    .map((v) => `${v.package.name}@${v.package.version} ${v.aliases[0] ?? v.id} fixed=${v.fixedVersion}`)
    .sort();
  assert.deepEqual(npm, [
    "lodash@4.17.15 CVE-2020-8203 fixed=4.17.19",
    "lodash@4.17.15 CVE-2021-23337 fixed=4.17.21",
    "minimist@0.0.8 CVE-2020-7598 fixed=0.2.1",
    "minimist@0.0.8 CVE-2021-44906 fixed=0.2.4",
    "minimist@1.2.0 CVE-2020-7598 fixed=1.2.3",
    "minimist@1.2.0 CVE-2021-44906 fixed=1.2.6",
    "node-fetch@2.6.0 CVE-2020-15168 fixed=2.6.1",
    "node-fetch@2.6.0 CVE-2022-0235 fixed=2.6.7",
  ]);
});
