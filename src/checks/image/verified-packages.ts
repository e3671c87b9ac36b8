import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import { clip, historySteps } from "./history-util.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION } from "./section-util.js";

const UNVERIFIED: readonly { re: RegExp; what: string }[] = [
  { re: /--allow-unauthenticated|--allow-insecure-repositories|AllowUnauthenticated\s*(?:=|\s)\s*"?true/i, what: "apt installs unauthenticated packages" },
  { re: /--force-yes\b/, what: "apt --force-yes bypasses signature checks" },
  { re: /--nogpgcheck\b|gpgcheck\s*=\s*0/, what: "rpm packages installed without GPG check" },
  { re: /\bapk\b[^|;&]*--allow-untrusted/, what: "apk installs untrusted packages" },
  { re: /--trusted-host\b/, what: "pip trusts a host without TLS verification" },
  { re: /\b(?:curl|wget)\b[^|;&]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/, what: "a downloaded script is piped into a shell" },
];

/**
 * CIS 4.11 is manual: whether packages are verified is a property of the build. The history
 * still shows the common ways of switching verification off; those fail, anything else is
 * left to a person.
 */
export const verifiedPackages: CheckRule<ImageCheckInput> = {
  id: "verified-packages",
  group: "image",
  benchmarkIds: { "1.6.0": "4.11" },
  references: ["CIS-DI-0011"],
  title: "Ensure only verified packages are installed",
  section: CIS_SECTION,
  level: 1,
  severity: "medium",
  needs: ["image config: history created_by"],
  remediation:
    "Install only from signed repositories with signature checks on; download artifacts with checksum verification instead of piping them into a shell.",
  evaluate(input) {
    const evidence: Evidence[] = [];
    for (const step of input.config === null ? [] : historySteps(input.config)) {
      for (const u of UNVERIFIED)
        if (u.re.test(step.createdBy)) evidence.push({ file: "config", key: `history[${step.index}]`, value: clip(step.createdBy), detail: u.what });
    }
    if (evidence.length > 0) return { status: "fail", evidence };
    return {
      status: "manual",
      instructions:
        "The build history shows no disabled signature checks. Confirm that every package and downloaded artifact comes from a signed repository or is checked against a published checksum.",
    };
  },
};
