import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { parseApkInstalled } from "./installed.js";
import { alpine3203File, alpine396File } from "./testdata/image-files.js";

/** Independent reading of a file: per blank-line block, its P: and V: values (null when absent). */
function grepBlocks(text: string): { name: string | null; version: string | null }[] {
  return text
    .split(/\n\s*\n/)
    .filter((b) => b.trim() !== "")
    .map((b) => {
      const get = (k: string): string | null =>
        b
          .split("\n")
          .find((l) => l.startsWith(`${k}:`))
          ?.slice(2) ?? null;
      return { name: get("P"), version: get("V") };
    });
}

const FIXTURES = [
  "syft/base",
  "syft/single",
  "syft/empty-deps-and-provides",
  "syft/extra-file-attributes",
  "syft/multiple-2_lib_apk_db_installed",
  "trivy/installed",
];

describe("parseApkInstalled on upstream fixtures", () => {
  for (const f of FIXTURES) {
    it(`${f}: lists every complete P:/V: stanza; incomplete ones are problems`, () => {
      const text = readFileSync(sharedPath("fixtures", "pkgdb", "apk", f), "utf8");
      const r = parseApkInstalled(text, f);
      const blocks = grepBlocks(text);
      const complete = blocks.filter((b) => b.name !== null && b.version !== null);
      assert.deepEqual(
        r.packages.map((p) => `${p.name}@${p.version}`),
        complete.map((b) => `${b.name}@${b.version}`),
      );
      // trivy's fixture carries one deliberately broken stanza (`invalidPackageWithoutAVersion`).
      assert.deepEqual(
        r.problems.map((p) => (p.kind === "malformed-record" ? p.detail : p.kind)),
        blocks.filter((b) => b.version === null).map((b) => `package ${b.name} has no version (V:)`),
      );
      assert.ok(r.packages.length > 0);
    });
  }

  it("reads arch, origin, license and F:/R: file paths", () => {
    const r = parseApkInstalled(readFileSync(sharedPath("fixtures", "pkgdb", "apk", "syft/single"), "utf8"), "single");
    const p = r.packages[0]!;
    assert.equal(p.name, "musl-utils");
    assert.equal(p.version, "1.1.24-r2");
    assert.equal(p.arch, "x86_64");
    assert.equal(p.origin, "musl");
    assert.equal(p.license, "MIT BSD GPL2+");
    assert.ok(p.files.includes("sbin/ldconfig"));
    assert.ok(p.files.includes("usr/bin/iconv"));
  });

  it("files follow the last F: directory even with ACL lines in between", () => {
    const r = parseApkInstalled(readFileSync(sharedPath("fixtures", "pkgdb", "apk", "syft/extra-file-attributes"), "utf8"), "x");
    assert.deepEqual(r.packages[0]!.files, ["usr/lib/jvm/java-1.8-openjdk/bin/policytool"]);
  });
});

describe("parseApkInstalled on the real images", () => {
  it("alpine 3.9.6: 14 packages with origins", () => {
    const r = parseApkInstalled(alpine396File("lib/apk/db/installed"), "lib/apk/db/installed");
    assert.deepEqual(r.problems, []);
    assert.equal(r.packages.length, 14);
    const by = new Map(r.packages.map((p) => [p.name, p]));
    assert.equal(by.get("libcrypto1.1")?.version, "1.1.1g-r0");
    assert.equal(by.get("libcrypto1.1")?.origin, "openssl");
    assert.equal(by.get("apk-tools")?.version, "2.10.3-r1");
    assert.equal(by.get("zlib")?.version, "1.2.11-r1");
    assert.equal(by.get("ssl_client")?.origin, "busybox");
    assert.ok(r.packages.every((p) => p.arch === "x86_64"));
  });

  it("alpine 3.20.3: 14 packages", () => {
    const r = parseApkInstalled(alpine3203File("lib/apk/db/installed"), "lib/apk/db/installed");
    assert.deepEqual(r.problems, []);
    assert.equal(r.packages.length, 14);
    const v = new Map(r.packages.map((p) => [p.name, p.version]));
    assert.equal(v.get("alpine-baselayout"), "3.6.5-r0");
    assert.equal(v.get("apk-tools"), "2.14.4-r0");
    assert.equal(v.get("busybox"), "1.36.1-r29");
    assert.equal(v.get("libcrypto3"), "3.3.2-r0");
    assert.equal(v.get("libssl3"), "3.3.2-r0");
    assert.equal(v.get("musl"), "1.2.5-r0");
    assert.equal(v.get("zlib"), "1.3.1-r1");
  });
});

describe("malformed stanzas are problems; the rest is still listed", () => {
  const text = readFileSync(new URL("./testdata/installed-malformed", import.meta.url), "utf8");
  const r = parseApkInstalled(text, "lib/apk/db/installed");

  it("keeps the good stanzas", () => {
    assert.deepEqual(
      r.packages.map((p) => `${p.name}@${p.version}`),
      ["musl@1.2.5-r0", "zlib@1.3.1-r1", "busybox@1.36.1-r29"],
    );
  });

  it("reports each broken stanza with its first line", () => {
    assert.deepEqual(
      r.problems.map((p) => (p.kind === "malformed-record" ? [p.path, p.line] : p.kind)),
      [
        ["lib/apk/db/installed", 6],
        ["lib/apk/db/installed", 10],
        ["lib/apk/db/installed", 14],
        ["lib/apk/db/installed", 23],
      ],
    );
    const details = r.problems.map((p) => (p.kind === "malformed-record" ? p.detail : ""));
    assert.match(details[0]!, /no version/);
    assert.match(details[1]!, /not a 'K:value' field/);
    assert.match(details[2]!, /second P:/);
    assert.match(details[3]!, /invalid version/);
  });
});
