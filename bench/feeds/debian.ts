// The Debian security tracker's /tracker/data/json at today's size: 100,000 (source package,
// CVE) pairs, each with an entry for 5 releases (500,000 release entries, about 75 MB). The
// shape follows the real sample in fixtures/vulndata/debian/vunnel-input/debian.json: Python's
// json.dumps separators, scope/debianbug/description, and every release state claro maps.
import { readFileSync } from "node:fs";
import { sharedPath } from "../../test/support/shared.js";
import { OutFile } from "./out-file.js";
import { cveId, packageName, prose, seededRng, version, type Rng } from "./rng.js";

export interface DebianFeedOptions {
  readonly seed?: number;
  /** (package, CVE) pairs; 100,000 is today's tracker. */
  readonly pairs?: number;
}

const RELEASES = ["buster", "bullseye", "bookworm", "trixie", "sid"] as const;
const URGENCIES = ["low", "medium", "high", "unimportant", "not yet assigned", "low**", "medium**", "high**", "end-of-life"];

/** Real descriptions from the fixture sample, so lengths and quoting look like the tracker's. */
function sampleDescriptions(): string[] {
  const doc = JSON.parse(readFileSync(sharedPath("fixtures", "vulndata", "debian", "vunnel-input", "debian.json"), "utf8")) as Record<
    string,
    Record<string, { description?: string }>
  >;
  return Object.values(doc).flatMap((cves) => Object.values(cves).flatMap((c) => (c.description ? [c.description] : [])));
}

function release(rng: Rng, codename: string, current: string): Record<string, unknown> {
  const repositories = { [codename]: current };
  const roll = rng.next();
  if (roll < 0.55) return { status: "resolved", repositories, fixed_version: version(rng, true), urgency: rng.pick(URGENCIES.slice(0, 8)) };
  if (roll < 0.62) return { status: "resolved", repositories, fixed_version: "0", urgency: "unimportant" };
  if (roll < 0.72)
    return { status: "open", repositories, urgency: rng.pick(URGENCIES), nodsa: "Minor issue", nodsa_reason: rng.pick(["ignored", "postponed", ""]) };
  if (roll < 0.95) return { status: "open", repositories, urgency: rng.pick(URGENCIES) };
  return { status: "undetermined", repositories, urgency: "not yet assigned" };
}

/** Writes the feed to `path`; answers the byte count and release entries written. */
export function writeDebianFeed(path: string, options: DebianFeedOptions = {}): { bytes: number; records: number } {
  const rng = seededRng(options.seed ?? 1);
  const pairs = options.pairs ?? 100_000;
  const descriptions = sampleDescriptions();
  const out = new OutFile(path);
  out.write("{");
  let pair = 0;
  let records = 0;
  for (let p = 0; pair < pairs; p++) {
    const cves = Math.min(rng.int(1, 9), pairs - pair);
    const current = version(rng, true);
    out.write(`${p === 0 ? "" : ", "}${JSON.stringify(packageName(rng, p))}: {`);
    for (let c = 0; c < cves; c++, pair++) {
      const cve: Record<string, unknown> = {};
      if (rng.chance(0.8)) cve["scope"] = rng.pick(["local", "remote"]);
      if (rng.chance(0.3)) cve["debianbug"] = rng.int(100000, 1100000);
      cve["description"] = rng.chance(0.15) ? rng.pick(descriptions) : prose(rng, rng.int(3, 12));
      const releases: Record<string, unknown> = {};
      for (const r of RELEASES) releases[r] = release(rng, r, current);
      cve["releases"] = releases;
      records += RELEASES.length;
      out.write(`${c === 0 ? "" : ", "}${JSON.stringify(cveId(pair))}: ${pythonJson(cve)}`);
    }
    out.write("}");
  }
  out.write("}");
  out.close();
  return { bytes: out.bytes, records };
}

/** JSON with Python's default separators (", " and ": "), as the tracker writes it. */
function pythonJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pythonJson).join(", ")}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}: ${pythonJson(x)}`)
    .join(", ")}}`;
}
