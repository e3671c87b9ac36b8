import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { allRules } from "../../src/checks/index.js";
import { sarifViolations } from "../../src/report/testdata/sarif-check.js";
import { claro } from "../support/claro.js";
import { repoRoot, sharedPath } from "../support/shared.js";

const bookworm = (ref: string): string => `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:${ref}`;
const alpine = `docker-archive:${sharedPath("images", "alpine-3.9.6.docker.tar")}`;

interface ResultDoc {
  ruleId: string;
  status: string;
  severity: string;
  outcome: { status: string; evidence?: { file?: string; key?: string }[] };
  ignored: { reason: string } | null;
}
interface CheckDoc {
  kind: string;
  group: string;
  summary: { error: number; fail: number };
  results: ResultDoc[];
}

function result(doc: CheckDoc, id: string): ResultDoc {
  const r = doc.results.find((x) => x.ruleId === id);
  assert.ok(r, `${id} is in the report`);
  return r;
}

let work = "";
before(() => {
  work = mkdtempSync(join(tmpdir(), "claro-check-e2e-"));
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("claro check IMAGE", () => {
  it("bookworm-minbase fails the non-root user rule: exit 1 with --fail-on at its severity, 0 without", async () => {
    const plain = await claro(["check", "--format", "json", bookworm("bookworm-minbase")]);
    assert.equal(plain.code, 0, plain.stderr);
    const doc = JSON.parse(plain.stdout) as CheckDoc;
    const rule = result(doc, "non-root-user");
    assert.equal(rule.status, "fail");
    assert.equal(doc.summary.error, 0);
    const gated = await claro(["check", "--format", "json", "--fail-on", rule.severity, bookworm("bookworm-minbase")]);
    assert.equal(gated.code, 1, gated.stderr);
    assert.match(gated.stderr, /policy failed: .*non-root-user/);
  });

  it("bookworm-multilayer passes non-root, fails HEALTHCHECK, and lists its 8 setuid files", async () => {
    const run = await claro(["check", "--format", "json", bookworm("bookworm-multilayer")]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as CheckDoc;
    assert.equal(result(doc, "non-root-user").status, "pass");
    assert.equal(result(doc, "healthcheck").status, "fail");
    const setuid = result(doc, "setuid-setgid-files").outcome.evidence ?? [];
    const setuidOnly = setuid.filter((e) => JSON.stringify(e).includes("setuid"));
    assert.equal(setuidOnly.length, 8, JSON.stringify(setuid));
  });

  it("alpine-3.9.6 (docker-archive) is checked without errors", async () => {
    const run = await claro(["check", "--format", "json", alpine]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as CheckDoc;
    assert.equal(doc.summary.error, 0);
    assert.ok(doc.results.length > 0);
  });

  it("an ignore file keeps the result, marked, and it no longer fails the policy; a missing reason is exit 2", async () => {
    const ignore = join(work, "ignore.yaml");
    writeFileSync(ignore, "- id: CIS-DI-0001\n  reason: the entrypoint drops privileges\n");
    const run = await claro(["check", "--format", "json", "--fail-on", "high", "--include", "4.1", "--ignore-file", ignore, bookworm("bookworm-minbase")]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as CheckDoc;
    assert.deepEqual(
      doc.results.map((r) => [r.ruleId, r.status, r.ignored?.reason]),
      [["non-root-user", "ignored", "the entrypoint drops privileges"]],
    );
    writeFileSync(ignore, "- id: 4.1\n");
    const bad = await claro(["check", "--ignore-file", ignore, bookworm("bookworm-minbase")]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /CONFIG_INVALID.*reason/);
  });

  it("SARIF: valid, every result located; JUnit: one testcase per rule", async () => {
    const sarif = await claro(["check", "--format", "sarif", bookworm("bookworm-multilayer")]);
    assert.equal(sarif.code, 0, sarif.stderr);
    assert.deepEqual(sarifViolations(JSON.parse(sarif.stdout)), []);
    const junit = await claro(["check", "--format", "junit", "--level", "1", bookworm("bookworm-multilayer")]);
    assert.equal(junit.code, 0, junit.stderr);
    const l1 = allRules().filter((r) => r.group === "image" && r.level === 1).length;
    assert.equal((junit.stdout.match(/<testcase /g) ?? []).length, l1);
  });

  it("unknown ids and versions are usage errors (exit 2), never a silent empty run", async () => {
    const run = await claro(["check", "--include", "no-such-rule", alpine]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no rule has the id no-such-rule/);
    const version = await claro(["check", "--benchmark-version", "9.9.9", alpine]);
    assert.equal(version.code, 2);
  });
});

describe("claro check dockerfile|runtime|host", () => {
  it("checks a Dockerfile", async () => {
    const run = await claro(["check", "dockerfile", sharedPath("fixtures", "cis", "trivy-checks", "test-Dockerfile"), "--format", "json"]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as CheckDoc;
    assert.equal(doc.group, "dockerfile");
    assert.equal(doc.summary.error, 0);
    assert.ok(doc.results.some((r) => r.status === "fail"));
  });

  it("checks a compose file: the privileged KICS positive fails the privileged rule", async () => {
    const file = sharedPath("fixtures", "cis", "kics-compose", "privileged_containers_enabled.positive1.yaml");
    const run = await claro(["check", "runtime", file, "--format", "json", "--fail-on", "critical"]);
    assert.equal(run.code, 1, run.stderr);
    const doc = JSON.parse(run.stdout) as CheckDoc;
    assert.equal(result(doc, "privileged").status, "fail");
  });

  it("checks a host snapshot directory: every audit rule of the all-watched case passes", async () => {
    const dir = join(repoRoot, "src", "checks", "host", "testdata", "cases", "audit-all-watched");
    const want = JSON.parse(readFileSync(join(dir, "want.json"), "utf8")) as Record<string, string>;
    const run = await claro(["check", "host", dir, "--format", "json", "--include", Object.keys(want).join(",")]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as CheckDoc;
    assert.deepEqual(Object.fromEntries(doc.results.map((r) => [r.ruleId, r.status])), want);
  });

  it("--list prints every registered rule id", async () => {
    const run = await claro(["check", "--list"]);
    assert.equal(run.code, 0, run.stderr);
    for (const r of allRules()) assert.ok(run.stdout.includes(r.id), r.id);
    assert.match(run.stdout, /needs: /);
  });
});

describe("claro scan --scanners vuln,config", () => {
  let db = "";
  before(async () => {
    db = `sqlite:${join(work, "db.sqlite")}`;
    const up = await claro([
      "db",
      "update",
      "--db",
      db,
      "--only",
      "debian",
      "--source",
      `debian=${sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json")}`,
      "-q",
    ]);
    assert.equal(up.code, 0, up.stderr);
  });

  it("gives ONE valid SARIF document with vulnerabilities and check results", async () => {
    const run = await claro(["scan", "--db", db, "--scanners", "vuln,config", "--format", "sarif", "-q", bookworm("bookworm-multilayer")]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as { runs: { tool: { driver: { name: string } }; results: { ruleId: string }[] }[] };
    assert.deepEqual(sarifViolations(doc), []);
    assert.equal(doc.runs.length, 1);
    const ids = doc.runs[0]!.results.map((r) => r.ruleId);
    assert.ok(
      ids.some((id) => id.startsWith("CVE-")),
      "vulnerabilities",
    );
    assert.ok(ids.includes("healthcheck") && ids.includes("setuid-setgid-files"), "check results");
  });

  it("JSON carries a misconfigurations section next to the vulnerabilities", async () => {
    const run = await claro(["scan", "--db", db, "--scanners", "vuln,config", "--format", "json", "-q", bookworm("bookworm-minbase")]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as {
      schemaVersion: string;
      packages: unknown[];
      vulnerabilities: { id: string; status: string; severity: string }[];
      misconfigurations: CheckDoc;
    };
    assert.match(doc.schemaVersion, /^1\.\d+\.\d+$/, "a 1.x document (misconfigurations arrived in 1.1.0)");
    assert.equal(doc.packages.length, 88);
    assert.equal(result(doc.misconfigurations, "non-root-user").status, "fail");
    // CIS 4.4 is decided from the same run's findings: it lists exactly the high/critical ones with a fix.
    const overdue = doc.vulnerabilities.filter((v) => v.status === "fixed" && (v.severity === "high" || v.severity === "critical")).map((v) => v.id);
    assert.ok(overdue.length > 0, "the bookworm feed fixes high-urgency issues in bookworm-minbase");
    const patches = result(doc.misconfigurations, "security-patches");
    assert.equal(patches.outcome.status, "fail");
    assert.deepEqual(patches.outcome.evidence?.map((e) => e.key).sort(), overdue.sort());
  });
});
