import type { Advisory } from "../../core/advisory.js";
import { SECDB_NOT_AFFECTED, type SecdbDocument } from "./secdb.js";
import { apkVersion } from "./version.js";

export interface SecdbAdvisoryOptions {
  /** e.g. `alpine:3.9`, `wolfi:rolling`. */
  readonly namespace: string;
  /** The updater id recorded on each advisory, e.g. `alpine/v3.9/main`. */
  readonly updater: string;
  /** The vendor's page for a vulnerability id. */
  readonly link: (id: string) => string;
}

/**
 * Turns a secdb document into advisories: one per (origin package, vulnerability id).
 *
 * Secdb keys are origin (source) package names, so `packageKind` is `source`. A fix under version
 * V means "fixed in V", i.e. affected below V; `0` means never affected. The secdb carries no
 * severity. When an id is listed under several versions of one package (it happens after
 * backports), the lowest version wins: it is the first fixed build on this branch, and `0`
 * ("never affected") sorts below every real version.
 */
export function secdbAdvisories(doc: SecdbDocument, options: SecdbAdvisoryOptions): Advisory[] {
  const byKey = new Map<string, Advisory>();
  for (const pkg of doc.packages) {
    for (const fix of pkg.fixes) {
      const key = `${pkg.name}\u0000${fix.id}`;
      const previous = byKey.get(key);
      const notAffected = fix.version === SECDB_NOT_AFFECTED;
      const mergedAliases = [...new Set([...(previous?.aliases ?? []), ...fix.aliases])].filter((a) => a !== fix.id);
      if (previous !== undefined) {
        const prevVersion = previous.fixedVersion ?? SECDB_NOT_AFFECTED;
        if (apkVersion.compare(prevVersion, fix.version) <= 0) {
          byKey.set(key, { ...previous, aliases: mergedAliases });
          continue;
        }
      }
      byKey.set(key, {
        id: fix.id,
        aliases: mergedAliases,
        namespace: options.namespace,
        packageName: pkg.name,
        packageKind: "source",
        versionScheme: apkVersion.id,
        status: notAffected ? "not_affected" : "fixed",
        fixedVersion: notAffected ? null : fix.version,
        introducedVersion: null,
        severity: "unknown",
        vendorSeverity: null,
        cvss: [],
        description: null,
        links: [options.link(fix.id)],
        updater: options.updater,
      });
    }
  }
  return [...byKey.values()];
}
