import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { runtimeRules } from "./index.js";
import { parseRuntime } from "./input.js";

/** CIS v1.6.0 id → the rule that decides it (5.4 has two rules; the "added" one is docker-bench's). */
const BY_CIS: Readonly<Record<string, keyof typeof runtimeRules>> = {
  "5.4": "added-capabilities",
  "5.5": "privileged",
  "5.14": "bind-host-interface",
  "5.15": "restart-policy",
  "5.16": "host-pid",
  "5.22": "seccomp-unconfined",
  "5.26": "no-new-privileges",
  "5.32": "docker-socket-mount",
};

interface Expectation {
  readonly cis: string;
  readonly expect: "PASS" | "FAIL";
  readonly also_expected?: readonly string[];
}

const dir = sharedPath("fixtures", "cis", "kics-compose");
const expected = JSON.parse(readFileSync(`${dir}/expected.json`, "utf8")) as Record<string, Expectation | string>;

for (const [file, exp] of Object.entries(expected)) {
  if (typeof exp === "string") continue;
  const input = parseRuntime(readFileSync(`${dir}/${file}`, "utf8"), file);
  const checks: [string, "pass" | "fail"][] = [
    [exp.cis.split(" ")[0]!, exp.expect === "FAIL" ? "fail" : "pass"],
    ...(exp.also_expected ?? []).map((a): [string, "fail"] => [a.split(" ")[0]!, "fail"]),
  ];
  for (const [cis, status] of checks) {
    const id = BY_CIS[cis];
    test(`KICS ${file}: CIS ${cis} (${String(id)}) → ${status}`, () => {
      assert.ok(id, `no rule mapped for CIS ${cis}`);
      assert.equal(input.format, "compose");
      const outcome = runtimeRules[id].evaluate(input);
      assert.equal(outcome.status, status, JSON.stringify(outcome));
      if (outcome.status === "fail") for (const e of outcome.evidence) assert.ok(typeof e.line === "number" && e.line > 0);
    });
  }
}

test("KICS: the KICS positive for privileged points at the privileged key's line", () => {
  const file = "privileged_containers_enabled.positive1.yaml";
  const text = readFileSync(`${dir}/${file}`, "utf8");
  const outcome = runtimeRules.privileged.evaluate(parseRuntime(text, file));
  assert.equal(outcome.status, "fail");
  const e = outcome.status === "fail" ? outcome.evidence[0]! : null;
  assert.equal(e?.key, "services.webapp.privileged");
  assert.match(text.split("\n")[(e?.line ?? 0) - 1] ?? "", /privileged: true/);
});
