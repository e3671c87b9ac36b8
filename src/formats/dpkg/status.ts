import type { Problem } from "../../core/problem.js";
import { malformed, parseDeb822 } from "./deb822.js";
import { parseDpkgVersion } from "./version.js";

/** One installed package from a dpkg database. */
export interface DpkgRecord {
  readonly name: string;
  readonly version: string;
  readonly architecture: string | null;
  /** From `Source: name (version)`; defaults to the binary's own name and version, as dpkg-query does. */
  readonly source: { readonly name: string; readonly version: string };
  /** The raw Status field, or null when the entry has none (distroless status.d). */
  readonly status: string | null;
  /** 1-based line of the stanza in its file. */
  readonly line: number;
}

export interface DpkgParseResult {
  readonly records: DpkgRecord[];
  readonly problems: Problem[];
}

/**
 * Whether a Status field means the package is on disk. dpkg's Status is
 * `want flag state`; only the third word matters (`install ok installed`, `hold ok installed`),
 * so removed-but-configured (`deinstall ok config-files`) and half-installed packages drop out.
 * A missing Status counts as installed: distroless `status.d/*` entries are written without one.
 */
export function isInstalledStatus(status: string | null): boolean {
  if (status === null) return true;
  return status.trim().split(/\s+/)[2] === "installed";
}

const SOURCE_RE = /^(\S+)(?:\s+\(([^)]*)\))?\s*$/;

/**
 * Parses a `var/lib/dpkg/status` file or one `status.d/*` entry. A stanza without Package or
 * Version, with an unparseable Source, or with stray lines becomes a `malformed-record` problem
 * and the other stanzas are still returned. Packages that are not installed are skipped silently.
 */
export function parseDpkgStatus(content: string | Buffer, path: string): DpkgParseResult {
  const text = typeof content === "string" ? content : content.toString("utf8");
  const records: DpkgRecord[] = [];
  const problems: Problem[] = [];
  for (const stanza of parseDeb822(text)) {
    const f = stanza.fields;
    const name = f.get("package")?.trim() ?? "";
    if (stanza.garbage.length > 0) {
      const what = name === "" ? "a stanza" : `package ${name}`;
      problems.push(malformed(path, stanza.garbage[0]!, `${what}: line is neither a field nor a continuation`));
      continue;
    }
    if (name === "") {
      problems.push(malformed(path, stanza.line, "stanza has no Package field"));
      continue;
    }
    const status = f.get("status")?.trim() ?? null;
    if (!isInstalledStatus(status)) continue;
    const version = f.get("version")?.trim() ?? "";
    if (version === "") {
      problems.push(malformed(path, stanza.line, `package ${name} has no Version field`));
      continue;
    }
    if (!parseDpkgVersion(version)) {
      problems.push(malformed(path, stanza.line, `package ${name} has an invalid version '${version}'`));
      continue;
    }
    const rawSource = f.get("source")?.trim() ?? "";
    let source = { name, version };
    if (rawSource !== "") {
      const m = SOURCE_RE.exec(rawSource);
      if (!m) {
        problems.push(malformed(path, stanza.line, `package ${name} has an unreadable Source '${rawSource}'`));
        continue;
      }
      source = { name: m[1]!, version: m[2]?.trim() || version };
    }
    const architecture = f.get("architecture")?.trim() || null;
    records.push({ name, version, architecture, source, status, line: stanza.line });
  }
  return { records, problems };
}

/** Companion files dpkg and distroless tooling keep beside status.d entries; they are not stanzas. */
const STATUS_D_SIDECARS = /\.(md5sums|list|conffiles|preinst|postinst|prerm|postrm|triggers|shlibs|symbols|templates|config)$/;

/** Whether a file inside `status.d/` is a package stanza file rather than a sidecar. */
export function isStatusDEntry(fileName: string): boolean {
  return !fileName.startsWith(".") && !STATUS_D_SIDECARS.test(fileName);
}
