import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { apkPackageScanner, scanApkInstalled } from "./scanner.js";
import { alpine3203File, alpine396File } from "./testdata/image-files.js";

const d396 = { id: "alpine", versionId: "3.9.6", codename: null, prettyName: "Alpine Linux v3.9" };

describe("apk package scanner", () => {
  it("alpine 3.9.6: purls with arch and distro, origin as source with the same version", () => {
    const tree = memoryTree({ "lib/apk/db/installed": alpine396File("lib/apk/db/installed") });
    const r = apkPackageScanner.scan(tree, { distribution: d396 });
    assert.deepEqual(r.problems, []);
    assert.equal(r.found.length, 14);
    const ssl = r.found.find((p) => p.name === "libssl1.1")!;
    assert.equal(ssl.purl, "pkg:apk/alpine/libssl1.1@1.1.1g-r0?arch=x86_64&distro=alpine-3.9.6");
    assert.deepEqual(ssl.source, { name: "openssl", version: "1.1.1g-r0" });
    assert.equal(ssl.type, "apk");
    assert.equal(ssl.foundIn, "lib/apk/db/installed");
    assert.ok(ssl.files?.includes("lib/libssl.so.1.1"));
  });

  it("alpine 3.20.3: 14 packages", () => {
    const tree = memoryTree({ "lib/apk/db/installed": alpine3203File("lib/apk/db/installed") });
    const r = apkPackageScanner.scan(tree, { distribution: { id: "alpine", versionId: "3.20.3", codename: null, prettyName: null } });
    assert.equal(r.found.length, 14);
    assert.equal(r.found.find((p) => p.name === "zlib")?.purl, "pkg:apk/alpine/zlib@1.3.1-r1?arch=x86_64&distro=alpine-3.20.3");
  });

  it("the purl namespace follows an apk distribution (wolfi), and drops distro when unknown", () => {
    const text = "P:glibc\nV:2.38-r1\nA:x86_64\no:glibc\n";
    const tree = memoryTree({ "lib/apk/db/installed": text });
    const wolfi = apkPackageScanner.scan(tree, { distribution: { id: "wolfi", versionId: "20230201", codename: null, prettyName: null } });
    assert.equal(wolfi.found[0]!.purl, "pkg:apk/wolfi/glibc@2.38-r1?arch=x86_64&distro=wolfi-20230201");
    assert.equal(scanApkInstalled(tree, { distribution: null }, "alpine").found[0]!.purl, "pkg:apk/alpine/glibc@2.38-r1?arch=x86_64");
  });

  it("no installed file: nothing, quietly; a broken stanza: a problem and the rest", () => {
    assert.deepEqual(apkPackageScanner.scan(memoryTree({}), { distribution: null }), { found: [], problems: [] });
    const broken = readFileSync(new URL("./testdata/installed-malformed", import.meta.url));
    const r = apkPackageScanner.scan(memoryTree({ "lib/apk/db/installed": broken }), { distribution: d396 });
    assert.equal(r.found.length, 3);
    assert.equal(r.problems.length, 4);
  });

  it("wants exactly the installed database", () => {
    assert.deepEqual(apkPackageScanner.wants, ["lib/apk/db/installed"]);
  });
});
