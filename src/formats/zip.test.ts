import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isFatalError } from "../core/problem.js";
import { writeZip } from "./testdata/zip-writer.js";
import { isZip, readZipMember, zipJsonFiles, zipMembers, zipTextFiles } from "./zip.js";
import { sharedPath } from "../../test/support/shared.js";

const sample = writeZip([
  { name: "a/one.json", data: '{"id":"ONE"}' },
  { name: "a/two.txt", data: "two", store: true },
  { name: "b/three.json", data: "x".repeat(5000) },
]);

test("zipJsonFiles and zipTextFiles still yield decoded members in directory order", () => {
  assert.ok(isZip(sample));
  assert.deepEqual(
    [...zipJsonFiles(sample, "t")].map((m) => m.path),
    ["a/one.json", "b/three.json"],
  );
  assert.deepEqual([...zipTextFiles(sample, "t", (n) => n.endsWith(".txt"))], [{ path: "a/two.txt", text: "two" }]);
});

test("zipMembers lists names, methods and sizes; readZipMember inflates one by name", () => {
  const members = zipMembers(sample, "t");
  assert.deepEqual(
    members.map((m) => [m.name, m.method, m.size]),
    [
      ["a/one.json", 8, 12],
      ["a/two.txt", 0, 3],
      ["b/three.json", 8, 5000],
    ],
  );
  assert.equal(readZipMember(sample, members[2]!, "t").toString(), "x".repeat(5000));
});

test("readZipMember caps inflated output even when the directory under-states the size", () => {
  const members = zipMembers(sample, "t");
  assert.throws(() => readZipMember(sample, members[2]!, "t", 4999), RangeError);
  const lying = { ...members[2]!, size: 10 };
  assert.throws(() => readZipMember(sample, lying, "t", 100), RangeError);
});

test("a cut-off zip fails with FEED_INVALID before any member is read", () => {
  assert.throws(
    () => zipMembers(sample.subarray(0, sample.length - 30), "t"),
    (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID",
  );
});

test("the real Trivy test.jar reads like unzip lists it", () => {
  const jar = readFileSync(sharedPath("fixtures/pkgdb/java/trivy/test.jar"));
  const names = zipMembers(jar, "test.jar").map((m) => m.name);
  const listing = execFileSync("unzip", ["-Z1", sharedPath("fixtures/pkgdb/java/trivy/test.jar")], { encoding: "utf8" })
    .trim()
    .split("\n");
  assert.deepEqual(names, listing);
  const mf = zipMembers(jar, "test.jar").find((m) => m.name === "META-INF/MANIFEST.MF")!;
  const viaUnzip = execFileSync("unzip", ["-p", sharedPath("fixtures/pkgdb/java/trivy/test.jar"), "META-INF/MANIFEST.MF"]);
  assert.deepEqual(readZipMember(jar, mf, "test.jar"), viaUnzip);
});

test("the test zip writer's output passes unzip -t (so hand-built jars are real zips)", () => {
  const dir = mkdtempSync(join(tmpdir(), "zipw-"));
  try {
    const f = join(dir, "s.zip");
    execFileSync("sh", ["-c", 'cat > "$1"', "sh", f], { input: sample });
    const out = execFileSync("unzip", ["-t", f], { encoding: "utf8" });
    assert.match(out, /No errors detected/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
