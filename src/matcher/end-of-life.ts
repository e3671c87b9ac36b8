import type { Distribution } from "../core/distribution.js";

/**
 * When each release stops getting security updates from its vendor (the date security support
 * ends, the LTS end where a project has one, not extended paid support), by os-release `ID` and
 * release. Releases are matched by their `VERSION_ID` prefix: `3.9` covers `3.9.6`, `8` covers
 * `8.10`. Rolling distributions (Wolfi, Chainguard, Tumbleweed) have no end, and a release not
 * listed is unknown (null), never guessed. Kept sorted by id, then by release (test).
 * Sources: each vendor's lifecycle page (endoflife.date gathers them).
 */
export const END_OF_LIFE: Readonly<Record<string, readonly (readonly [release: string, date: string])[]>> = {
  almalinux: [
    ["8", "2029-03-01"],
    ["9", "2032-05-31"],
  ],
  alpine: [
    ["3.3", "2017-11-01"],
    ["3.4", "2018-05-01"],
    ["3.5", "2018-11-01"],
    ["3.6", "2019-05-01"],
    ["3.7", "2019-11-01"],
    ["3.8", "2020-05-01"],
    ["3.9", "2020-11-01"],
    ["3.10", "2021-05-01"],
    ["3.11", "2021-11-01"],
    ["3.12", "2022-05-01"],
    ["3.13", "2022-11-01"],
    ["3.14", "2023-05-01"],
    ["3.15", "2023-11-01"],
    ["3.16", "2024-05-23"],
    ["3.17", "2024-11-22"],
    ["3.18", "2025-05-09"],
    ["3.19", "2025-11-01"],
    ["3.20", "2026-04-01"],
    ["3.21", "2026-11-01"],
    ["3.22", "2027-05-01"],
  ],
  amzn: [
    ["1", "2023-12-31"],
    ["2", "2026-06-30"],
    ["2018.03", "2023-12-31"],
    ["2023", "2029-06-30"],
  ],
  // Azure Linux 3.0: Microsoft has published no end date yet.
  azurelinux: [],
  centos: [
    ["6", "2020-11-30"],
    ["7", "2024-06-30"],
    ["8", "2021-12-31"],
  ],
  debian: [
    ["7", "2018-05-31"],
    ["8", "2020-06-30"],
    ["9", "2022-06-30"],
    ["10", "2024-06-30"],
    ["11", "2026-08-31"],
    ["12", "2028-06-30"],
    ["13", "2030-06-30"],
  ],
  fedora: [
    ["37", "2023-12-05"],
    ["38", "2024-05-21"],
    ["39", "2024-11-26"],
    ["40", "2025-05-13"],
    ["41", "2025-12-15"],
  ],
  mariner: [
    ["1.0", "2023-05-31"],
    ["2.0", "2025-07-31"],
  ],
  ol: [
    ["6", "2021-03-01"],
    ["7", "2024-12-31"],
    ["8", "2029-07-31"],
    ["9", "2032-06-30"],
  ],
  "opensuse-leap": [
    ["15.3", "2022-12-31"],
    ["15.4", "2023-12-07"],
    ["15.5", "2024-12-31"],
    ["15.6", "2026-04-30"],
  ],
  photon: [
    ["1.0", "2022-02-28"],
    ["2.0", "2022-12-31"],
    ["3.0", "2024-03-01"],
  ],
  rhel: [
    ["6", "2020-11-30"],
    ["7", "2024-06-30"],
    ["8", "2029-05-31"],
    ["9", "2032-05-31"],
    ["10", "2035-05-31"],
  ],
  rocky: [
    ["8", "2029-05-31"],
    ["9", "2032-05-31"],
  ],
  sles: [
    ["12", "2024-10-31"],
    ["15", "2031-07-31"],
  ],
  ubuntu: [
    ["14.04", "2019-04-30"],
    ["16.04", "2021-04-30"],
    ["18.04", "2023-05-31"],
    ["20.04", "2025-05-31"],
    ["22.04", "2027-06-30"],
    ["22.10", "2023-07-20"],
    ["23.04", "2024-01-25"],
    ["23.10", "2024-07-11"],
    ["24.04", "2029-05-31"],
    ["24.10", "2025-07-10"],
    ["25.04", "2026-01-15"],
  ],
};

/** Distributions that are rolling releases: no release ever reaches an end of life. */
export const ROLLING: ReadonlySet<string> = new Set(["chainguard", "opensuse-tumbleweed", "wolfi"]);

/** The end of security support of a distribution's release (YYYY-MM-DD), or null when unknown or rolling. */
export function endOfLife(d: Pick<Distribution, "id" | "versionId">): string | null {
  const rows = END_OF_LIFE[d.id];
  if (rows === undefined) return null;
  // The longest release that prefixes VERSION_ID at a dot boundary: `3.1` must not match `3.10`.
  let best: readonly [string, string] | undefined;
  for (const row of rows) {
    if ((d.versionId === row[0] || d.versionId.startsWith(`${row[0]}.`)) && (best === undefined || row[0].length > best[0].length)) best = row;
  }
  return best?.[1] ?? null;
}

/** True when the release's security support ended before `today` (YYYY-MM-DD). */
export function isEndOfLife(d: Pick<Distribution, "id" | "versionId">, today: string): boolean {
  const date = endOfLife(d);
  return date !== null && date < today;
}
