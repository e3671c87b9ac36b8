import type { FileTree } from "../../contracts/file-tree.js";
import type { PackageScanner, ScanContext, ScanResult } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { type DpkgRecord, isStatusDEntry, parseDpkgStatus } from "./status.js";
import { formatPurl } from "../purl.js";

const STATUS = "var/lib/dpkg/status";
const STATUS_D = "var/lib/dpkg/status.d";
const INFO = "var/lib/dpkg/info";

/**
 * The one dpkg scanner, shared by every dpkg-based ecosystem (Debian, Ubuntu): the indexer runs
 * each scanner id once, and the purl namespace follows the detected distribution, so it needs
 * no per-distribution copy.
 *
 * Lists dpkg packages from the status file and the distroless `status.d/` entries, with the
 * files each package owns from `info/<pkg>[:<arch>].list` (already buffered, so cheap).
 */
export const dpkgPackageScanner: PackageScanner = {
  id: "dpkg",
  version: 1,
  kind: "package",
  wants: [STATUS, `${STATUS_D}/*`, `${INFO}/*.list`],
  scan(tree: FileTree, context: ScanContext): ScanResult<ScannedPackage> {
    const problems: Problem[] = [];
    const found: ScannedPackage[] = [];
    const sources: { path: string; content: Buffer }[] = [];
    const status = tree.read(STATUS);
    if (status !== undefined) sources.push({ path: STATUS, content: status });
    for (const entry of tree.list(STATUS_D)) {
      const fileName = entry.path.slice(STATUS_D.length + 1);
      if (fileName.includes("/") || entry.type === "dir" || !isStatusDEntry(fileName)) continue;
      const content = tree.read(entry.path);
      if (content === undefined) problems.push({ kind: "unreadable-file", path: entry.path, detail: "status.d entry has no readable content" });
      else sources.push({ path: entry.path, content });
    }
    for (const { path, content } of sources) {
      const parsed = parseDpkgStatus(content, path);
      // Not push(...problems): a spread of 200,000 stanzas' problems overflows the stack.
      for (const problem of parsed.problems) problems.push(problem);
      for (const record of parsed.records) found.push(toPackage(record, path, tree, context));
    }
    return { found, problems };
  },
};

function toPackage(r: DpkgRecord, foundIn: string, tree: FileTree, context: ScanContext): ScannedPackage {
  const files = ownedFiles(tree, r);
  return {
    name: r.name,
    version: r.version,
    type: "deb",
    arch: r.architecture,
    source: { name: r.source.name, version: r.source.version },
    purl: debPurl(r, context),
    foundIn,
    ...(files ? { files } : {}),
  };
}

/**
 * `pkg:deb/<distro id>/<name>@<version>?arch=…&distro=<id>-<VERSION_ID>`, plus Syft's
 * `upstream=<source>[@<version>]` when the source differs, so purls compare equal across tools.
 */
export function debPurl(r: Pick<DpkgRecord, "name" | "version" | "architecture" | "source">, context: ScanContext): string {
  const dist = context.distribution;
  let upstream: string | null = null;
  if (r.source.version !== r.version) upstream = `${r.source.name}@${r.source.version}`;
  else if (r.source.name !== r.name) upstream = r.source.name;
  return formatPurl({
    type: "deb",
    namespace: dist?.id ?? "debian",
    name: r.name,
    version: r.version,
    qualifiers: { arch: r.architecture, distro: dist ? `${dist.id}-${dist.versionId}` : null, upstream },
  });
}

/** Multi-arch `same` packages use `<pkg>:<arch>.list`; the others plain `<pkg>.list`. */
function ownedFiles(tree: FileTree, r: DpkgRecord): string[] | undefined {
  const candidates = r.architecture ? [`${INFO}/${r.name}:${r.architecture}.list`, `${INFO}/${r.name}.list`] : [`${INFO}/${r.name}.list`];
  for (const path of candidates) {
    const content = tree.read(path);
    if (content === undefined) continue;
    return content
      .toString("utf8")
      .split("\n")
      .map((l) => l.replace(/\r$/, ""))
      .filter((l) => l !== "" && l !== "/.");
  }
  return undefined;
}
