import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Package } from "../core/package.js";
import type { BuildInfo, Finding, VulnerabilityReport } from "../core/report.js";
import { compareDpkgVersions } from "../formats/dpkg/version.js";
import { baseLayerCount, buildRemediation, naturalVersionOrder } from "./remediation.js";
import { renderRemediationText } from "./remediation-text.js";
import { LAYER_APT, LAYER_BASE, LAYER_PURGE, vulnerabilityReport } from "./testdata/fixture.js";

function history(...steps: string[]): BuildInfo {
  // `~` marks an empty-layer entry.
  return { history: steps.map((s) => ({ createdBy: s.replace(/^~/, ""), emptyLayer: s.startsWith("~") })), baseName: null, baseDigest: null };
}

describe("baseLayerCount", () => {
  it("ends the base image at its CMD, past the final stage's own empty steps (bookworm-multilayer's history)", () => {
    const multilayer = history(
      "ADD rootfs.tar /",
      '~CMD ["bash"]',
      "RUN apt-get install openssl",
      "RUN apt-get purge -y tzdata",
      "RUN rm -rf /usr/share/doc",
      "COPY . /app",
      '~USER app / CMD ["node"]',
    );
    assert.equal(baseLayerCount(multilayer), 1);
  });
  it("reads the classic builder's `/bin/sh -c #(nop)  CMD` and ENTRYPOINT", () => {
    assert.equal(baseLayerCount(history("ADD file:abc in /", "RUN a", '~/bin/sh -c #(nop)  CMD ["/bin/sh"]', "RUN b", '~CMD ["x"]')), 2);
    assert.equal(baseLayerCount(history("ADD file:abc in /", '~ENTRYPOINT ["/e"]', "COPY . /")), 1);
  });
  it("finds no base when the only CMD is the image's own last step, or there is no history", () => {
    assert.equal(baseLayerCount(history("ADD rootfs.tar /", '~CMD ["bash"]')), 0, "bookworm-minbase is its own base");
    assert.equal(baseLayerCount(undefined), 0);
    assert.equal(baseLayerCount(history()), 0);
  });
});

const npmPackage: Package = {
  name: "lodash",
  version: "4.17.15",
  type: "npm",
  arch: null,
  source: null,
  purl: "pkg:npm/lodash@4.17.15",
  layer: LAYER_PURGE,
  foundIn: "app/package-lock.json",
};

function npmFinding(id: string, fixed: string, severity: Finding["severity"]): Finding {
  return {
    id,
    aliases: [],
    package: { name: "lodash", version: "4.17.15", type: "npm", purl: npmPackage.purl },
    fixedVersion: fixed,
    status: "fixed",
    severity,
    vendorSeverity: null,
    cvss: [],
    description: null,
    layer: LAYER_PURGE,
    dataSource: "osv/npm",
    namespace: "npm",
    links: [],
  };
}

const report: VulnerabilityReport = {
  ...vulnerabilityReport,
  layers: vulnerabilityReport.layers.map((l, i) => (i === 2 ? { ...l, createdBy: "COPY . /app" } : l)),
  build: { ...history("ADD rootfs.tar /", '~CMD ["bash"]', "RUN apt-get install openssl python3", "COPY . /app"), baseName: "debian:bookworm-slim" },
  packages: [...vulnerabilityReport.packages, npmPackage],
  vulnerabilities: [
    ...vulnerabilityReport.vulnerabilities,
    // A second openssl finding with an older fix: the upgrade must reach the newer one.
    {
      ...vulnerabilityReport.vulnerabilities.find((f) => f.package.name === "openssl")!,
      id: "CVE-2024-0002",
      fixedVersion: "3.0.22-1~deb12u1",
      severity: "medium",
    },
    npmFinding("CVE-2020-8203", "4.17.19", "high"),
    npmFinding("CVE-2021-23337", "4.17.21", "high"),
    // A fixed finding in the base layer.
    {
      ...vulnerabilityReport.vulnerabilities.find((f) => f.package.name === "base-files")!,
      id: "CVE-2026-1",
      status: "fixed",
      fixedVersion: "12.4+deb12u14",
      severity: "medium",
    },
  ],
};

const dpkgFirst = (type: Package["type"], a: string, b: string): number => (type === "deb" ? compareDpkgVersions(a, b) : naturalVersionOrder(type, a, b));

describe("buildRemediation", () => {
  const r = buildRemediation(report, dpkgFirst);

  it("puts the base image's layers in one group with the package-manager upgrade, then each of the user's layers", () => {
    assert.deepEqual(r.baseLayers, [LAYER_BASE]);
    assert.deepEqual(
      r.groups.map((g) => [g.kind, g.position, g.createdBy]),
      [
        ["base", 1, null],
        ["layer", 2, "RUN apt-get install --no-install-recommends openssl python3"],
        ["layer", 3, "COPY . /app"],
      ],
    );
    const base = r.groups[0]!;
    assert.equal(base.baseImage, "debian:bookworm-slim");
    assert.deepEqual(
      base.packages.map((p) => `${p.name} ${p.version} -> ${p.fixedVersion} (${p.findings})`),
      ["base-files 12.4+deb12u13 -> 12.4+deb12u14 (1)"],
    );
    assert.equal(base.command, "apt-get update && apt-get install -y --only-upgrade base-files");
  });

  it("upgrades each package to the lowest version that fixes all its findings, counting what it removes", () => {
    const apt = r.groups[1]!;
    const openssl = apt.packages.find((p) => p.name === "openssl")!;
    assert.deepEqual(
      { fixedVersion: openssl.fixedVersion, findings: openssl.findings, ids: openssl.ids },
      { fixedVersion: "3.0.22-1~deb12u2", findings: 2, ids: ["CVE-2024-0002", "CVE-2025-0001"] },
    );
    assert.deepEqual(
      apt.packages.map((p) => p.name),
      ["python3.11-minimal", "openssl", "libssl3", "libexpat1"],
      "most severe first, then most findings",
    );
    assert.equal(apt.command, "apt-get update && apt-get install -y --only-upgrade libexpat1 libssl3 openssl python3.11-minimal");
  });

  it("names the manifest of a language package, with the version that fixes every finding", () => {
    const copy = r.groups[2]!;
    assert.equal(copy.command, null);
    assert.deepEqual(
      copy.packages.map((p) => [p.name, p.fixedVersion, p.findings, p.manifest]),
      [["lodash", "4.17.21", 2, "app/package-lock.json"]],
    );
  });

  it("lists unfixable findings apart, with their state", () => {
    assert.deepEqual(
      r.unfixable.map((u) => `${u.id} ${u.package.name} ${u.status}`),
      ["CVE-2024-9999 libc6 affected", "CVE-2010-4756 libc6 will_not_fix", "TEMP-0000000-ABCDEF base-files affected"],
    );
  });

  it("without history every layer is the user's", () => {
    const flat = buildRemediation({ ...report, build: undefined as unknown as BuildInfo }, dpkgFirst);
    assert.deepEqual(flat.baseLayers, []);
    assert.ok(flat.groups.every((g) => g.kind === "layer"));
  });

  it("renders the table section with the base advice and the user's steps", () => {
    const text = renderRemediationText(r);
    assert.match(text, /^Base image \(layer 1\): upgrade the base image debian:bookworm-slim, or `apt-get upgrade` this package$/m);
    assert.match(text, /^Your layer 2: RUN apt-get install/m);
    assert.match(text, /lodash 4\.17\.15 → 4\.17\.21 in app\/package-lock\.json \(npm; removes 2 findings, highest HIGH\)/);
    assert.match(text, /^Without a fix \(3\):$/m);
  });
});

describe("naturalVersionOrder", () => {
  it("compares numbers as numbers", () => {
    assert.ok(naturalVersionOrder("npm", "4.17.21", "4.17.9") > 0);
    assert.equal(naturalVersionOrder("npm", "1.0", "1.0"), 0);
  });
});
