// Hand-written check reports for the reporter tests: one result of every kind (pass, fail with
// file+line evidence, fail with image-config evidence, skip, manual, ignored, rule error). They
// are inputs, not results: the real rules are tested in src/checks and through the CLI.
import type { CheckReport, CheckResult } from "../../core/check.js";

const base = {
  references: [] as string[],
  group: "image",
  section: "4 Container Images and Build File",
  level: 1 as const,
  severity: "medium" as const,
  remediation: "Do the right thing.",
};

const results: CheckResult[] = [
  {
    ...base,
    ruleId: "non-root-user",
    benchmarkId: "4.1",
    references: ["CIS-DI-0001", "DS002"],
    title: "Ensure that a user for the container has been created",
    severity: "high",
    outcome: { status: "fail", evidence: [{ file: "config", key: "config.User", value: "", detail: "no USER is set" }] },
  },
  {
    ...base,
    ruleId: "setuid-setgid-files",
    benchmarkId: "4.8",
    level: 2,
    severity: "low",
    title: "Ensure setuid and setgid permissions are removed",
    outcome: {
      status: "fail",
      evidence: [
        { file: "usr/bin/su", value: "04755", detail: 'setuid <root> & "friends"' },
        { file: "/usr/bin/passwd", value: "04755" },
      ],
    },
  },
  {
    ...base,
    ruleId: "healthcheck",
    benchmarkId: "4.6",
    title: "Ensure HEALTHCHECK",
    severity: "low",
    outcome: { status: "pass", detail: "HEALTHCHECK CMD true" },
  },
  {
    ...base,
    ruleId: "content-trust",
    benchmarkId: "4.5",
    level: 2,
    title: "Content trust",
    outcome: { status: "manual", instructions: "check DOCKER_CONTENT_TRUST=1 on the hosts" },
  },
  {
    ...base,
    ruleId: "empty-password",
    benchmarkId: null,
    section: "Image hygiene (Dockle checks beyond CIS)",
    severity: "critical",
    title: "Avoid accounts with an empty password",
    outcome: { status: "skip", missing: "etc/shadow" },
  },
  {
    ...base,
    ruleId: "latest-tag",
    benchmarkId: null,
    section: "Image hygiene (Dockle checks beyond CIS)",
    title: "Avoid the latest tag",
    outcome: { status: "fail", evidence: [{ key: "tag", value: "latest" }] },
    ignored: { reason: "dev builds only", expires: "2099-01-01" },
  },
  {
    ...base,
    ruleId: "sudo-usage",
    benchmarkId: null,
    section: "Image hygiene (Dockle checks beyond CIS)",
    title: "Avoid sudo",
    outcome: { status: "skip", missing: "the rule failed to evaluate (a bug in claro): boom" },
    error: "boom",
  },
];

export const checkReport: CheckReport = { target: "oci-archive:/images/app.tar:v1", group: "image", benchmarkVersion: "1.6.0", results };

/** A Dockerfile report: evidence names a file on disk with a line. */
export const dockerfileReport: CheckReport = {
  target: "build/Dockerfile",
  group: "dockerfile",
  benchmarkVersion: "1.6.0",
  results: [
    {
      ...base,
      group: "dockerfile",
      ruleId: "dockerfile-non-root-user",
      benchmarkId: "4.1",
      title: "Last USER is not root",
      severity: "high",
      outcome: { status: "fail", evidence: [{ file: "build/Dockerfile", line: 7, key: "USER", value: "root" }] },
    },
  ],
};

export const FIXED_CHECK_NOW = (): Date => new Date("2026-01-02T03:04:05Z");
