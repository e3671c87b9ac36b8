// Attacker-controlled data for the dashboard's escaping tests (issue 14): an OSV feed whose
// titles, details and links carry markup, and a stored index whose package and layer do too.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StoredIndex } from "../../../contracts/index-store.js";
import type { Digest } from "../../../core/digest.js";

export const SCRIPT = "<script>alert(1)</script>";
export const IMG = `"><img src=x onerror=alert(2)>`;
/** The package name the feed and the index share: HTML in a name. */
export const HOSTILE_NAME = `<b id="injected">${SCRIPT}</b>`;
export const HOSTILE_MANIFEST = `sha256:${"e".repeat(64)}` as Digest;
export const PLAIN_MANIFEST = `sha256:${"f".repeat(64)}` as Digest;
const LAYER = `sha256:${"d".repeat(64)}` as Digest;

/** Writes an OSV mirror directory (`claro db update --source npm=DIR`) of one hostile advisory. */
export function writeHostileOsv(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const advisory = {
    schema_version: "1.4.0",
    id: "GHSA-xss0-xss0-xss0",
    modified: "2026-11-01T00:00:00Z",
    aliases: ["CVE-2099-0001"],
    summary: `${SCRIPT} title ${IMG}`,
    details: `Details ${IMG} </script><!-- <script>alert(3)</script>`,
    severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
    affected: [{ package: { ecosystem: "npm", name: HOSTILE_NAME }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "2.0.0" }] }] }],
    database_specific: { severity: "CRITICAL" },
    references: [
      { type: "WEB", url: "javascript:alert(4)" },
      { type: "ADVISORY", url: `https://example.test/a${IMG}` },
    ],
  };
  writeFileSync(join(dir, "GHSA-xss0-xss0-xss0.json"), JSON.stringify(advisory, null, 2));
  return dir;
}

/** A finished index of one npm package with the hostile name, read from a hostile path and layer. */
export function hostileIndex(manifest: Digest = HOSTILE_MANIFEST, version = "1.0.0"): StoredIndex {
  return {
    manifest,
    state: "IndexFinished",
    error: null,
    indexState: "test",
    updatedAt: "2026-12-01T00:00:00.000Z",
    report: {
      source: { ref: `${manifest}${SCRIPT}`, digest: manifest, platform: { os: "linux", architecture: "amd64" }, repository: null },
      distribution: null,
      layers: [{ digest: LAYER, diffId: LAYER, createdBy: `RUN echo ${SCRIPT} ${IMG}`, size: 1000 }],
      packages: [
        {
          name: HOSTILE_NAME,
          version,
          type: "npm",
          arch: null,
          source: null,
          purl: `pkg:npm/${encodeURIComponent(HOSTILE_NAME)}@${version}`,
          layer: LAYER,
          foundIn: `app/${IMG}/package-lock.json`,
        },
      ],
      problems: [],
    },
  };
}
