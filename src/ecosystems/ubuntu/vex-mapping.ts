import { z } from "zod";
import type { Advisory, FixStatus } from "../../core/advisory.js";
import type { ParseOutput } from "../../contracts/updater.js";
import { FatalError, type Problem } from "../../core/problem.js";
import { dpkgVersion } from "../../formats/dpkg/version.js";
import { ubuntuFixStatus, ubuntuNamespace } from "./osv-mapping.js";
import { releaseOfCodename } from "./releases.js";

/**
 * Canonical's OpenVEX documents (canonical/ubuntu-security-notices `vex/cve/<year>/<CVE>.json`,
 * security-metadata.canonical.com/vex/): one document per CVE, one statement per tracker status,
 * each naming `pkg:deb/ubuntu/<name>@<version>?arch=…&distro=<codename|pocket/codename>` products.
 */
export const UBUNTU_VEX_UPDATER_ID = "ubuntu/vex";

const statementSchema = z.object({
  vulnerability: z.object({ name: z.string(), description: z.string().optional(), aliases: z.array(z.string()).optional() }),
  products: z.array(z.object({ "@id": z.string() })).default([]),
  status: z.string(),
  justification: z.string().nullish(),
  impact_statement: z.string().nullish(),
  action_statement: z.string().nullish(),
  status_notes: z.string().nullish(),
});
type Statement = z.infer<typeof statementSchema>;

export const vexDocumentSchema = z.object({
  "@context": z.string().regex(/openvex/),
  "@id": z.string().optional(),
  statements: z.array(z.unknown()),
});

/** A source-package product of a statement: name, version, and the namespace its distro maps to. */
export interface VexProduct {
  readonly name: string;
  readonly version: string;
  readonly namespace: string;
}

/**
 * `pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24?arch=source&distro=jammy` → curl, ubuntu:22.04.
 * `distro=esm-infra/xenial`, `esm-apps/…`, `esm-infra-legacy/…` are the Ubuntu Pro pockets →
 * `ubuntu:16.04:esm`, as the OSV `Ubuntu:Pro:` ecosystems. Binary products (`arch=amd64`…)
 * restate their source's status, and other pockets (FIPS, realtime kernels) are streams a plain
 * image does not use: both null.
 */
export function vexProduct(purl: string): VexProduct | null {
  const m = /^pkg:deb\/ubuntu\/([^@?#]+)@([^?#]+)\?([^#]*)$/.exec(purl);
  if (!m) return null;
  const q = new URLSearchParams(m[3]);
  if (q.get("arch") !== "source") return null;
  const distro = q.get("distro") ?? "";
  const pocket = /^(?:(esm-infra|esm-apps|esm-infra-legacy)\/)?([a-z]+)$/.exec(distro);
  const release = pocket ? releaseOfCodename(pocket[2]!) : undefined;
  if (!pocket || !release) return null;
  return { name: decodeURIComponent(m[1]!), version: decodeURIComponent(m[2]!), namespace: ubuntuNamespace(release.version, pocket[1] !== undefined) };
}

/**
 * OpenVEX status → claro fix state, through the tracker word the statement's text stands for:
 * `fixed` = released; `not_affected` = not-affected/DNE; `under_investigation` = needs-triage
 * (affected, as the OSV export files it: an open range); `affected` = needed, unless the action
 * says deferred, ignored ("decided to not fix it"), or end of life ("no longer supported").
 */
export function vexFixStatus(s: Pick<Statement, "status" | "action_statement" | "impact_statement">): FixStatus | undefined {
  // The leading sentence is the status; what follows "CVE Notes / justification:" is the
  // triager's free text, which may mention other states ("will mark as deferred…").
  const lead = (text: string | null | undefined): string => (text ?? "").split(/CVE Notes/i)[0]!;
  const note = `${lead(s.action_statement)} ${lead(s.impact_statement)}`;
  switch (s.status) {
    case "fixed":
      return ubuntuFixStatus("released");
    case "not_affected":
      return ubuntuFixStatus("not-affected");
    case "under_investigation":
      return ubuntuFixStatus("needs-triage");
    case "affected":
      if (/no longer supported|end[- ]of[- ](life|standard support)/i.test(note)) return "end_of_life";
      if (/\bdefer/i.test(note)) return ubuntuFixStatus("deferred");
      if (/decided to not fix|will not (be )?fix|\bignored\b/i.test(note)) return ubuntuFixStatus("ignored", note);
      return ubuntuFixStatus("needed");
    default:
      return undefined;
  }
}

/** USN ids from the vulnerability's alias URLs (`https://ubuntu.com/security/notices/USN-6429-1`). */
function usnAliases(aliases: readonly string[]): string[] {
  return [...new Set(aliases.flatMap((a) => /\/notices\/(USN-\d+-\d+)$/.exec(a)?.[1] ?? []))];
}

/**
 * The advisories of one OpenVEX document, keyed as the OSV updater keys them (source package,
 * dpkg scheme, `ubuntu:<ver>[:esm]`). A `fixed` product's version is the version the archive
 * publishes now, which is at or after the first fixed upload: it is taken as the fixed version,
 * so a build between the two is reported (conservative), where OSV's `fixed` event is exact.
 */
export function* advisoriesOfVex(raw: unknown, where: string, problems: Problem[]): Generator<Advisory> {
  const doc = vexDocumentSchema.safeParse(raw);
  if (!doc.success) {
    problems.push({ kind: "bad-feed-record", updater: UBUNTU_VEX_UPDATER_ID, detail: `${where}: not an OpenVEX document` });
    return;
  }
  const seen = new Set<string>();
  for (const [index, rawStatement] of doc.data.statements.entries()) {
    const parsed = statementSchema.safeParse(rawStatement);
    const status = parsed.success ? vexFixStatus(parsed.data) : undefined;
    if (!parsed.success || status === undefined) {
      const detail = parsed.success ? `unknown status '${parsed.data.status}'` : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      problems.push({ kind: "bad-feed-record", updater: UBUNTU_VEX_UPDATER_ID, detail: `${where} statements[${index}]: ${detail}` });
      continue;
    }
    const s = parsed.data;
    const urls = s.vulnerability.aliases ?? [];
    for (const product of s.products) {
      const p = vexProduct(product["@id"]);
      if (p === null) continue;
      const key = `${p.namespace}\u0000${p.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield {
        id: s.vulnerability.name,
        aliases: usnAliases(urls),
        namespace: p.namespace,
        packageName: p.name,
        packageKind: "source",
        versionScheme: dpkgVersion.id,
        status,
        fixedVersion: status === "fixed" ? p.version : null,
        introducedVersion: null,
        // The documents carry no Ubuntu priority; OSV's severity[] does.
        severity: "unknown",
        vendorSeverity: null,
        cvss: [],
        description: s.vulnerability.description?.trim() || null,
        links: urls.filter((u) => /^https?:\/\//.test(u)),
        updater: UBUNTU_VEX_UPDATER_ID,
      };
    }
  }
}

/** The advisories of VEX files (a mirror bundle or one document); a file that is not JSON is FEED_INVALID. */
export function parseVexFiles(files: Iterable<{ readonly path: string; readonly text: string }>): ParseOutput {
  const problems: Problem[] = [];
  function* all(): Generator<Advisory> {
    for (const file of files) {
      let raw: unknown;
      try {
        raw = JSON.parse(file.text);
      } catch (e) {
        throw new FatalError(
          "FEED_INVALID",
          `${UBUNTU_VEX_UPDATER_ID}: ${file.path} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
          "the file may be truncated; re-sync the mirror or run the update again",
          { cause: e },
        );
      }
      yield* advisoriesOfVex(raw, file.path, problems);
    }
  }
  return { advisories: all(), problems };
}

/** Whether a JSON text is an OpenVEX document (routing a `--source ubuntu=FILE|DIR`). */
export function isVexText(text: string): boolean {
  try {
    return vexDocumentSchema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}
