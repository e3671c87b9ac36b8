import type { FileTree } from "../../contracts/file-tree.js";
import type { ContentProbe, PackageScanner } from "../../contracts/scanner.js";
import type { ScannedPackage } from "../../core/package.js";
import type { Problem } from "../../core/problem.js";
import { formatPurlLenient } from "../../formats/purl.js";
import { readGoBuildInfo, type GoBuildInfo } from "./buildinfo.js";
import { parseModInfo } from "./modinfo.js";
import { stdlibVersion } from "./version.js";

export const GO_BUILDINFO_PROBE_ID = "go-buildinfo";

/**
 * Go binaries can live anywhere, so they are found by content: every executable regular file up
 * to 128 MiB is read once while its layer streams, and only the toolchain version and module text
 * (a few KB at most) are kept.
 */
export const goBuildInfoProbe: ContentProbe = {
  id: GO_BUILDINFO_PROBE_ID,
  maxBytes: 128 * 1024 * 1024,
  match: (e) => (e.mode & 0o111) !== 0 && e.size >= 1024,
  run: (content) => readGoBuildInfo(content),
};

/** The probe result on a tree entry, narrowed from `unknown` (it crossed the image boundary). */
export function buildInfoOf(probes: Readonly<Record<string, unknown>> | undefined): GoBuildInfo | undefined {
  const r = probes?.[GO_BUILDINFO_PROBE_ID];
  if (typeof r !== "object" || r === null) return undefined;
  const { goVersion, modinfo } = r as Record<string, unknown>;
  return typeof goVersion === "string" && typeof modinfo === "string" ? { goVersion, modinfo } : undefined;
}

/** The module path's last element is the purl name and the rest its namespace, as the purl spec's golang type says. */
export function goPurl(module: string, version: string): string {
  const slash = module.lastIndexOf("/");
  return slash < 0
    ? formatPurlLenient({ type: "golang", name: module, version })
    : formatPurlLenient({ type: "golang", namespace: module.slice(0, slash), name: module.slice(slash + 1), version });
}

function pkg(name: string, version: string, foundIn: string): ScannedPackage {
  return { name, version, type: "golang", arch: null, source: null, purl: goPurl(name, version), foundIn };
}

/**
 * The packages one Go binary declares: `stdlib` at the toolchain version, the main module when it
 * has a real version (not `(devel)`), and every dependency, as replaced by its `=>` line. A binary
 * built without modules (Debian's GOPATH builds) still yields `stdlib`.
 */
export function packagesOfBuildInfo(info: GoBuildInfo, foundIn: string): ScannedPackage[] {
  const out: ScannedPackage[] = [];
  const std = stdlibVersion(info.goVersion);
  if (std !== undefined) out.push(pkg("stdlib", std, foundIn));
  const mod = parseModInfo(info.modinfo);
  const modules = [...(mod.main ? [mod.main] : []), ...mod.deps];
  for (const m of modules) {
    const eff = m.replace ?? m;
    // A replacement by a local directory has no version: there is nothing to match it against.
    if (eff.version === "" || eff.version === "(devel)") continue;
    out.push(pkg(eff.path, eff.version, foundIn));
  }
  return out;
}

export const goBinaryScanner: PackageScanner = {
  id: "go-binary",
  version: 1,
  kind: "package",
  wants: [],
  probe: goBuildInfoProbe,
  scan(tree: FileTree) {
    const found: ScannedPackage[] = [];
    const problems: Problem[] = [];
    for (const e of tree.entries()) {
      if (e.type !== "file" || e.probes === undefined) continue;
      const info = buildInfoOf(e.probes);
      if (info) found.push(...packagesOfBuildInfo(info, e.path));
    }
    return { found, problems };
  },
};
