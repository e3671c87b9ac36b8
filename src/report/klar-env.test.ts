import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../../test/support/shared.js";
import { FatalError } from "../core/problem.js";
import { policyFromKlarEnv } from "./klar-env.js";
import { applyPolicy } from "./policy.js";
import { vulnerabilityReport } from "./testdata/fixture.js";

const whitelistPath = join(repoRoot, "src", "report", "testdata", "whitelist.yaml");
const readText = (p: string): string => readFileSync(p, "utf8");

function configError(fragment: string): (e: unknown) => boolean {
  return (e) => e instanceof FatalError && e.code === "CONFIG_INVALID" && e.message.includes(fragment) && !e.message.includes("\n");
}

describe("policyFromKlarEnv", () => {
  it("an environment without Klar variables gives an empty, inactive policy", () => {
    assert.deepEqual(policyFromKlarEnv({ PATH: "/usr/bin", CLAIR_OUTPUT: "" }), { policy: {}, format: null, whitelistFile: null, active: false });
  });

  it("maps CLAIR_OUTPUT case-insensitively, Defcon1 included, with Klar's default threshold 0", () => {
    assert.deepEqual(policyFromKlarEnv({ CLAIR_OUTPUT: "hIgH" }).policy, { klarOutput: "high", klarThreshold: 0 });
    assert.equal(policyFromKlarEnv({ CLAIR_OUTPUT: "Defcon1" }).policy.klarOutput, "critical");
    assert.equal(policyFromKlarEnv({ CLAIR_OUTPUT: "Negligible" }).policy.klarOutput, "negligible");
    assert.equal(policyFromKlarEnv({ CLAIR_OUTPUT: "Unknown" }).active, true);
  });

  it("rejects an unknown CLAIR_OUTPUT", () => {
    assert.throws(() => policyFromKlarEnv({ CLAIR_OUTPUT: "Severe" }), configError("CLAIR_OUTPUT"));
  });

  it("maps CLAIR_THRESHOLD and rejects non-integers", () => {
    assert.deepEqual(policyFromKlarEnv({ CLAIR_THRESHOLD: "10" }).policy, { klarThreshold: 10 });
    for (const bad of ["-1", "1.5", "ten"]) assert.throws(() => policyFromKlarEnv({ CLAIR_THRESHOLD: bad }), configError("CLAIR_THRESHOLD"), bad);
  });

  it("maps IGNORE_UNFIXED to Klar's meaning: printed, not counted", () => {
    const { policy } = policyFromKlarEnv({ IGNORE_UNFIXED: "TRUE", CLAIR_THRESHOLD: "3" });
    assert.deepEqual(policy, { klarThreshold: 3, ignoreUnfixed: true, unfixedMode: "uncounted" });
    const r = applyPolicy(vulnerabilityReport, policy);
    assert.equal(r.report.vulnerabilities.length, 7);
    assert.deepEqual(r.verdict, { passed: false, reasons: ["4 vulnerabilities counted, more than the threshold of 3"], counted: 4 });
    assert.deepEqual(policyFromKlarEnv({ IGNORE_UNFIXED: "0" }).policy, { klarThreshold: 0 });
    assert.throws(() => policyFromKlarEnv({ IGNORE_UNFIXED: "maybe" }), configError("IGNORE_UNFIXED"));
  });

  it("maps JSON_OUTPUT over FORMAT_OUTPUT, and neither activates the policy", () => {
    assert.deepEqual(policyFromKlarEnv({ JSON_OUTPUT: "true", FORMAT_OUTPUT: "table" }), { policy: {}, format: "json", whitelistFile: null, active: false });
    assert.equal(policyFromKlarEnv({ JSON_OUTPUT: "false", FORMAT_OUTPUT: "table" }).format, "table");
    assert.equal(policyFromKlarEnv({ FORMAT_OUTPUT: "standard" }).format, null);
    assert.throws(() => policyFromKlarEnv({ FORMAT_OUTPUT: "xml" }), configError("FORMAT_OUTPUT"));
    assert.throws(() => policyFromKlarEnv({ JSON_OUTPUT: "yes please" }), configError("JSON_OUTPUT"));
  });

  it("returns WHITELIST_FILE as a path, or parses it with the given reader", () => {
    const unread = policyFromKlarEnv({ WHITELIST_FILE: whitelistPath });
    assert.equal(unread.whitelistFile, whitelistPath);
    assert.equal(unread.policy.whitelist, undefined);
    const read = policyFromKlarEnv({ WHITELIST_FILE: whitelistPath }, readText);
    assert.deepEqual(read.policy.whitelist?.general, ["CVE-2010-4756"]);
    // The fixture image is library/debian: the `debian` key applies after normalisation.
    const r = applyPolicy(vulnerabilityReport, read.policy);
    assert.equal(r.hidden.whitelist, 2);
    assert.deepEqual(r.verdict.reasons, ["5 vulnerabilities counted, more than the threshold of 0"]);
  });

  it("names an unreadable or malformed whitelist file", () => {
    assert.throws(() => policyFromKlarEnv({ WHITELIST_FILE: "/nonexistent/wl.yaml" }, readText), configError("/nonexistent/wl.yaml"));
    assert.throws(() => policyFromKlarEnv({ WHITELIST_FILE: "wl.yaml" }, () => "general: {a: 1}\n"), configError("WHITELIST_FILE wl.yaml"));
  });
});
