import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isFatalError } from "../core/problem.js";
import { writeReport } from "./output.js";

const dir = mkdtempSync(join(tmpdir(), "claro-output-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a report file is replaced whole, ends with a newline, and leaves no partial file beside it", () => {
  const out = join(dir, "report.json");
  writeFileSync(out, "old report that is longer than the new one\n");
  writeReport('{"a":1}', out);
  assert.equal(readFileSync(out, "utf8"), '{"a":1}\n');
  assert.deepEqual(readdirSync(dir), ["report.json"]);
});

test("a full device (/dev/full) is OUTPUT_FAILED naming the cause and what to do", { skip: !existsSync("/dev/full") && "no /dev/full here" }, () => {
  assert.throws(
    () => writeReport("{}", "/dev/full"),
    (e: unknown) =>
      isFatalError(e) &&
      e.code === "OUTPUT_FAILED" &&
      e.message === "cannot write the report to /dev/full: no space left on device" &&
      /free disk space/.test(e.hint ?? ""),
  );
});

test("a missing directory is OUTPUT_FAILED, and nothing is created", () => {
  const out = join(dir, "no-such-dir", "report.json");
  assert.throws(
    () => writeReport("{}", out),
    (e: unknown) => isFatalError(e) && e.code === "OUTPUT_FAILED" && /its directory does not exist/.test(e.message),
  );
  assert.equal(existsSync(join(dir, "no-such-dir")), false);
});
