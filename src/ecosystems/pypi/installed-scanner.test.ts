import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { memoryTree, memoryTreeFromDir, type MemoryNode } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { pythonInstalledScanner } from "./installed-scanner.js";
import { header, parseCoreMetadata } from "./metadata.js";
import { normalizePypiName } from "./names.js";

const TRIVY = sharedPath("fixtures", "pkgdb", "python", "trivy");
const ctx = { distribution: null };

interface EmailParserWant {
  readonly Name: string;
  readonly Version: string;
  readonly License: string | null;
  readonly "License-Expression": string | null;
}

const expected = JSON.parse(readFileSync(`${TRIVY}/expected.email-parser.json`, "utf8")) as Record<string, EmailParserWant>;

test("core metadata headers equal Python's email.parser on every trivy METADATA/PKG-INFO", () => {
  for (const [file, want] of Object.entries(expected)) {
    const meta = parseCoreMetadata(readFileSync(`${TRIVY}/${file}`, "utf8"));
    assert.equal(header(meta, "Name"), want.Name, `${file} Name`);
    assert.equal(header(meta, "Version"), want.Version, `${file} Version`);
    assert.equal(header(meta, "License"), want.License, `${file} License`);
    assert.equal(header(meta, "License-Expression"), want["License-Expression"], `${file} License-Expression`);
  }
});

test("continuation lines join the previous header; the first blank line ends the headers", () => {
  const meta = parseCoreMetadata("Name: x\nLicense: MIT\n  and more\n\tstill\nVersion: 1\n\nVersion: 2\n");
  assert.equal(header(meta, "License"), "MIT\n  and more\n\tstill");
  assert.equal(header(meta, "version"), "1");
});

test("installed trivy metadata laid out as dist-info, egg-info dirs and egg-info files: names PEP 503-normalised", () => {
  const nodes: Record<string, MemoryNode> = {};
  for (const file of readdirSync(TRIVY).filter((f) => Object.hasOwn(expected, f))) {
    const content = readFileSync(`${TRIVY}/${file}`);
    const base = `usr/lib/python3/site-packages/${file.replace(/\.(METADATA|PKG-INFO)$/, "")}`;
    if (file.endsWith(".METADATA")) nodes[`${base}.dist-info/METADATA`] = content;
    else if (file.endsWith(".PKG-INFO")) nodes[`${base}.egg-info/PKG-INFO`] = content;
    else nodes[file.endsWith(".egg-info") ? base : `${base}.egg-info`] = content;
  }
  const { found, problems } = pythonInstalledScanner.scan(memoryTree(nodes), ctx);
  assert.deepEqual(problems, []);
  const got = found.map((p) => `${p.name}@${p.version}`).sort();
  const want = Object.values(expected)
    .map((w) => `${normalizePypiName(w.Name)}@${w.Version}`)
    .sort();
  assert.deepEqual(got, want);
  const unidecode = found.find((p) => p.name === "unidecode");
  assert.equal(unidecode?.purl, "pkg:pypi/unidecode@0.4.1");
  assert.equal(found.find((p) => p.name === "simple")?.purl, "pkg:pypi/simple@0.1.0", "trailing space in Name is trimmed");
});

test("syft's site-packages tree: every layout Syft reads, the version-less egg-info reported", () => {
  const tree = memoryTreeFromDir(sharedPath("fixtures", "pkgdb", "python", "syft"), []);
  const { found, problems } = pythonInstalledScanner.scan(tree, ctx);
  assert.deepEqual(
    found.map((p) => `${p.name}@${p.version} ${p.foundIn}`),
    [
      "pygments@2.6.1 site-packages/license/with-license-file-declared.dist-info/METADATA",
      "pygments@2.6.1 site-packages/license/without-license-file-declared.dist-info/METADATA",
      "pygments@2.6.1 site-packages/malformed-record/dist-info/METADATA",
      "pygments@2.6.1 site-packages/nested/dist-name/dist-info/METADATA",
      "requests@2.22.0 site-packages/nested/egg-name/egg-info/PKG-INFO",
      "pygments@2.6.1 site-packages/partial.dist-info/METADATA",
      "requests@2.22.0 site-packages/test/test.egg-info",
      "pygments@2.6.1 site-packages/uppercase/dist-name/DIST-INFO/METADATA",
      "requests@2.22.0 site-packages/uppercase/egg-name/EGG-INFO/PKG-INFO",
    ],
  );
  assert.deepEqual(
    problems.map((p) => p.kind === "malformed-record" && p.path),
    ["site-packages/no-version/no-version-py3.8.egg-info"],
  );
});

test("egg-info directories are not read as files; node_modules copies are skipped", () => {
  const tree = memoryTree({
    "usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO": "Name: six\nVersion: 1.16.0\n",
    "app/node_modules/x/py/foo-1.0.dist-info/METADATA": "Name: foo\nVersion: 1.0\n",
  });
  const { found, problems } = pythonInstalledScanner.scan(tree, ctx);
  assert.deepEqual(
    found.map((p) => p.purl),
    ["pkg:pypi/six@1.16.0"],
  );
  assert.deepEqual(problems, []);
});
