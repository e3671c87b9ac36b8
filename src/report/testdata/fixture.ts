// Hand-written reports for the reporter and policy tests. The shapes mirror what the indexer
// and matcher produce for a bookworm image, but the values are made up for these tests: they are
// inputs, not results, and nothing here claims to be what a real scan finds.
import type { Digest } from "../../core/digest.js";
import type { Package } from "../../core/package.js";
import type { Finding, IndexReport, VulnerabilityReport } from "../../core/report.js";

function digest(fill: string): Digest {
  return `sha256:${fill.repeat(64 / fill.length)}`;
}

export const LAYER_BASE = digest("1a");
export const LAYER_APT = digest("2b");
export const LAYER_PURGE = digest("3c");

function deb(name: string, version: string, layer: Digest, source: string | null = null, arch = "amd64"): Package {
  const srcQ = source === null ? "" : `&upstream=${encodeURIComponent(source)}`;
  return {
    name,
    version,
    type: "deb",
    arch,
    source: source === null ? null : { name: source, version },
    purl: `pkg:deb/debian/${name}@${encodeURIComponent(version)}?arch=${arch}&distro=debian-12${srcQ}`,
    layer,
    foundIn: "var/lib/dpkg/status",
  };
}

// Deliberately out of order: the reporters must sort.
const packages: Package[] = [
  deb("python3.11-minimal", "3.11.2-6+deb12u8", LAYER_APT, "python3.11"),
  deb("openssl", "3.0.20-1~deb12u2", LAYER_APT),
  deb("libc6", "2.36-9+deb12u14", LAYER_BASE, "glibc"),
  deb("libssl3", "3.0.20-1~deb12u2", LAYER_APT, "openssl"),
  deb("libexpat1", "2.5.0-1+deb12u2", LAYER_APT, "expat"),
  deb("base-files", "12.4+deb12u13", LAYER_BASE),
];

function pkgRef(p: Package): Finding["package"] {
  return { name: p.name, version: p.version, type: p.type, purl: p.purl };
}

function pkg(name: string): Package {
  const p = packages.find((x) => x.name === name);
  if (!p) throw new Error(`fixture has no package ${name}`);
  return p;
}

function finding(id: string, name: string, fields: Partial<Omit<Finding, "id" | "package" | "layer">> & Pick<Finding, "severity">): Finding {
  const p = pkg(name);
  return {
    id,
    aliases: [],
    package: pkgRef(p),
    fixedVersion: null,
    status: "affected",
    vendorSeverity: null,
    cvss: [],
    description: null,
    layer: p.layer,
    dataSource: "debian",
    namespace: "debian:12",
    links: [`https://security-tracker.debian.org/tracker/${id}`],
    ...fields,
  };
}

// Also out of order, with duplicate aliases, to exercise sorting.
const vulnerabilities: Finding[] = [
  finding("CVE-2025-0002", "libexpat1", {
    severity: "medium",
    vendorSeverity: "medium",
    status: "fixed",
    fixedVersion: "2.5.0-1+deb12u5",
    description: "Stack overflow in XML_ResumeParser through deeply nested entity references.",
  }),
  finding("CVE-2025-0001", "libssl3", {
    severity: "high",
    vendorSeverity: "high",
    status: "fixed",
    fixedVersion: "3.0.22-1~deb12u2",
    aliases: ["DSA-9001-1", "CVE-2025-0001", "DSA-9001-1"],
    cvss: [{ version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H", score: 9.1, source: "nvd" }],
    description: "Out-of-bounds read when a TLS peer sends a crafted certificate.",
  }),
  finding("CVE-2025-0001", "openssl", {
    severity: "high",
    vendorSeverity: "high",
    status: "fixed",
    fixedVersion: "3.0.22-1~deb12u2",
    aliases: ["DSA-9001-1"],
    description: "Out-of-bounds read when a TLS peer sends a crafted certificate.",
  }),
  finding("CVE-2025-0003", "python3.11-minimal", {
    severity: "critical",
    vendorSeverity: "high**",
    status: "fixed",
    fixedVersion: "3.11.2-6+deb12u9",
    description: "Header injection in http.client allows request smuggling when a proxy forwards untrusted header values verbatim.",
  }),
  finding("CVE-2024-9999", "libc6", {
    severity: "low",
    vendorSeverity: "low",
    status: "affected",
    description: "Assertion failure in getaddrinfo with a long hostname.",
  }),
  finding("CVE-2010-4756", "libc6", {
    severity: "negligible",
    vendorSeverity: "unimportant",
    status: "will_not_fix",
    description: null,
  }),
  finding("TEMP-0000000-ABCDEF", "base-files", {
    severity: "unknown",
    vendorSeverity: "not yet assigned",
    status: "affected",
    links: [],
  }),
];

export const vulnerabilityReport: VulnerabilityReport = {
  source: {
    ref: "oci-archive:debian-bookworm.oci.tar:bookworm-multilayer",
    digest: digest("0f"),
    platform: { os: "linux", architecture: "amd64" },
    repository: "library/debian",
  },
  distribution: { id: "debian", versionId: "12", codename: "bookworm", prettyName: "Debian GNU/Linux 12 (bookworm)" },
  layers: [
    { digest: digest("a1"), diffId: LAYER_BASE, createdBy: "debootstrap --variant=minbase bookworm" },
    { digest: digest("b2"), diffId: LAYER_APT, createdBy: "RUN apt-get install --no-install-recommends openssl python3" },
    { digest: digest("c3"), diffId: LAYER_PURGE, createdBy: null },
  ],
  packages,
  problems: [
    { kind: "malformed-record", path: "var/lib/dpkg/status", line: 812, detail: "stanza has no Version field; skipped" },
    { kind: "unsupported", detail: "usr/lib/node_modules: npm packages are not inventoried yet" },
  ],
  vulnerabilities,
  database: { updatedAt: "2026-11-28T09:00:00.000Z", updaters: ["debian", "alpine/v3.9/main"] },
};

/** The same image with no findings at all: a clean successful analysis. */
export const cleanReport: VulnerabilityReport = { ...vulnerabilityReport, vulnerabilities: [], problems: [] };

/** An image with no package database (the BusyBox index case). */
export const busyboxIndex: IndexReport = {
  source: {
    ref: "oci-archive:busybox-multiarch.oci.tar",
    digest: digest("bb"),
    platform: { os: "linux", architecture: "arm64", variant: "v8" },
    repository: null,
  },
  distribution: null,
  layers: [{ digest: digest("d4"), diffId: digest("e5"), createdBy: "BusyBox 1.36.1 (glibc), Debian 12" }],
  packages: [],
  problems: [],
};

export const busyboxReport: VulnerabilityReport = {
  ...busyboxIndex,
  vulnerabilities: [],
  database: { updatedAt: "2026-11-28T09:00:00.000Z", updaters: ["debian"] },
};

export const FIXED_NOW = (): Date => new Date("2026-12-01T12:00:00.000Z");
