import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { updateAlone, updateInstructionAlone } from "./update-instruction-alone.js";
import { config, input } from "./testdata/fixtures.js";

interface Vector {
  readonly cmd: string;
  readonly expect: boolean;
}
const vectors = JSON.parse(readFileSync(sharedPath("fixtures/cis/dockle/history-vectors.json"), "utf8")) as Record<string, Vector[]>;

test("update-alone agrees with every Dockle CIS-DI-0007 vector", () => {
  const list = vectors["CIS-DI-0007_apt_update_alone"] ?? [];
  assert.ok(list.length > 0);
  for (const v of list) assert.equal(updateAlone(v.cmd), v.expect, v.cmd);
});

test("update-alone covers apk, yum and sudo", () => {
  assert.equal(updateAlone("apk update"), true);
  assert.equal(updateAlone("apk update && apk add curl"), false);
  assert.equal(updateAlone("yum update -y"), true);
  assert.equal(updateAlone("sudo apt-get update && sudo apt-get install -y git"), false);
  assert.equal(updateAlone("echo apt-get update"), false);
});

test("update-instruction-alone fails on a lone update RUN and passes otherwise", () => {
  const bad = updateInstructionAlone.evaluate(input({ config: config({}, ["/bin/sh -c apt-get update", "/bin/sh -c apt-get install -y git"]) }));
  assert.equal(bad.status, "fail");
  if (bad.status === "fail")
    assert.deepEqual(
      bad.evidence.map((e) => e.key),
      ["history[0]"],
    );
  const good = updateInstructionAlone.evaluate(input({ config: config({}, ["RUN /bin/sh -c apt-get update && apt-get install -y git # buildkit"]) }));
  assert.equal(good.status, "pass");
  assert.equal(updateInstructionAlone.evaluate(input({ config: config({}, []) })).status, "skip");
});
