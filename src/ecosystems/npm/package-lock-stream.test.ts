import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { parsePackageLock } from "./package-lock.js";
import { parsePackageLockBytes, parsePackageLockStreamed, STREAM_LOCK_BYTES } from "./package-lock-stream.js";

function lockfiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /(package-lock|shrinkwrap)[^/]*\.json$/.test(f))
    .map((f) => join(dir, f));
}

describe("package-lock.json read as a stream", () => {
  const files = lockfiles(sharedPath("fixtures", "pkgdb", "npm"));

  it("gives the same entries and errors as JSON.parse on every fixture lockfile (v1, v2, v3, aliases)", () => {
    assert.ok(files.length >= 8, `found ${files.length} fixture lockfiles`);
    for (const f of files) {
      const bytes = readFileSync(f);
      assert.deepEqual(parsePackageLockStreamed(bytes), parsePackageLock(bytes.toString("utf8")), f);
    }
  });

  it("reads a lockfile padded past the streaming threshold without holding it as text", () => {
    const head = '{"name":"app","lockfileVersion":3,"packages":{"":{"name":"app"},"node_modules/lodash":{"version":"4.17.20"},';
    const tail = '"node_modules/@types/node":{"version":"20.1.0","dev":true}}}\n';
    const padded = Buffer.concat([Buffer.from(head), Buffer.alloc(STREAM_LOCK_BYTES + 1, 0x20), Buffer.from(tail)]);
    const got = parsePackageLockBytes(padded);
    assert.deepEqual(got.errors, []);
    assert.deepEqual(got.entries, [
      { name: "lodash", version: "4.17.20", dev: false },
      { name: "@types/node", version: "20.1.0", dev: true },
    ]);
  });

  it("reports broken or non-object JSON as an error, not an exception", () => {
    assert.match(parsePackageLockStreamed(Buffer.from('{"packages": {"a": ')).errors[0] ?? "", /^not JSON/);
    assert.deepEqual(parsePackageLockStreamed(Buffer.from("[1,2]")).errors, ["not a JSON object"]);
  });
});
