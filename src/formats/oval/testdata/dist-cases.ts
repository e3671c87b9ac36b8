import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { DistributionScanner } from "../../../contracts/scanner.js";
import { memoryTreeFromDir } from "../../../../test/support/memory-tree.js";

/** One test per `testdata/dist/<case>/` (a root with etc/os-release and a want.json). */
export function distributionCases(dir: string, scanner: DistributionScanner): void {
  for (const name of readdirSync(dir).sort()) {
    test(`${scanner.id}: testdata/dist/${name}`, () => {
      const want = JSON.parse(readFileSync(join(dir, name, "want.json"), "utf8")) as unknown;
      const got = scanner.scan(memoryTreeFromDir(join(dir, name)));
      assert.deepEqual({ found: got.found }, want);
      assert.deepEqual(got.problems, []);
    });
  }
}
