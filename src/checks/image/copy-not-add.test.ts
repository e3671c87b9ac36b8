import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { copyNotAdd } from "./copy-not-add.js";
import { config, input } from "./testdata/fixtures.js";

interface Vector {
  readonly cmd: string;
  readonly expect: boolean;
}
const vectors = JSON.parse(readFileSync(sharedPath("fixtures/cis/dockle/history-vectors.json"), "utf8")) as Record<string, Vector[]>;
const BASE = "/bin/sh -c #(nop) ADD file:2e3a37883f56a4a278bec2931fc9f91fb9ebdaa9047540fe8fde419b84a1701b in / ";

test("copy-not-add agrees with Dockle's CIS-DI-0009 vectors (after a base layer)", () => {
  for (const v of vectors["CIS-DI-0009_add_in_history"] ?? []) {
    const out = copyNotAdd.evaluate(input({ config: config({}, [BASE, v.cmd]) }));
    assert.equal(out.status, v.expect ? "fail" : "pass", v.cmd);
  }
});

test("copy-not-add ignores the base rootfs ADD and flags BuildKit ADD", () => {
  assert.equal(copyNotAdd.evaluate(input({ config: config({}, [BASE, "COPY app /app # buildkit"]) })).status, "pass");
  const out = copyNotAdd.evaluate(input({ config: config({}, [BASE, "ADD https://example.com/x.tgz /opt/ # buildkit"]) }));
  assert.equal(out.status, "fail");
  if (out.status === "fail") assert.equal(out.evidence[0]?.key, "history[1]");
  assert.equal(copyNotAdd.evaluate(input({ config: null })).status, "skip");
});
