import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { memoryTree, memoryTreeFromDir } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { debianDistributionScanner, fromDebianVersion } from "./distribution-scanner.js";

const CASES = join(import.meta.dirname, "testdata", "dist");

for (const name of readdirSync(CASES).sort()) {
  test(`testdata/dist/${name}`, () => {
    const want = JSON.parse(readFileSync(join(CASES, name, "want.json"), "utf8")) as unknown;
    const got = debianDistributionScanner.scan(memoryTreeFromDir(join(CASES, name)));
    assert.deepEqual({ found: got.found }, want);
    assert.deepEqual(got.problems, []);
  });
}

test("the real bookworm image: etc/os-release is a symlink into usr/lib", () => {
  // Pull the three files out of the minbase layer with tar, keeping the symlink as a symlink.
  const archive = sharedPath("images/debian-bookworm.oci.tar");
  const layer = "blobs/sha256/0757dcb6af1ab260b74b72a02f25c15916a4d904725b873cfd35420d788b4519";
  const read = (member: string): string =>
    execFileSync("bash", ["-c", 'tar -xOf "$1" "$2" | tar -xzO "$3"', "bash", archive, layer, member], { encoding: "utf8" });
  const listing = execFileSync("bash", ["-c", 'tar -xOf "$1" "$2" | tar -tvz etc/os-release', "bash", archive, layer], { encoding: "utf8" });
  const target = /-> (\S+)/.exec(listing)?.[1];
  assert.equal(target, "../usr/lib/os-release");
  const tree = memoryTree({
    "etc/os-release": { symlink: target },
    "usr/lib/os-release": read("usr/lib/os-release"),
    "etc/debian_version": read("etc/debian_version"),
  });
  assert.deepEqual(debianDistributionScanner.scan(tree).found, [
    { id: "debian", versionId: "12", codename: "bookworm", prettyName: "Debian GNU/Linux 12 (bookworm)" },
  ]);
});

test("debian_version forms", () => {
  assert.equal(fromDebianVersion("12.15")?.codename, "bookworm");
  assert.equal(fromDebianVersion("13.1")?.versionId, "13");
  assert.equal(fromDebianVersion("bookworm/sid")?.versionId, "unstable");
  assert.equal(fromDebianVersion("3.1")?.codename, "sarge");
  assert.equal(fromDebianVersion("not a version"), undefined);
});

test("an unreadable debian_version without os-release is a problem, not a distribution", () => {
  const got = debianDistributionScanner.scan(memoryTree({ "etc/debian_version": "???\n" }));
  assert.deepEqual(got.found, []);
  assert.equal(got.problems.length, 1);
  assert.ok(debianDistributionScanner.wants.includes("usr/lib/os-release"));
});
