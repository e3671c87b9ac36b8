import type { Ecosystem } from "../../contracts/ecosystem.js";
import type { UpdaterFactory } from "../../contracts/updater.js";
import type { Distribution } from "../../core/distribution.js";
import { marinerDistributionScanner } from "./distribution-scanner.js";
import { ovalRpmMatcher, ovalUpdaters, type OvalFeedLayout, type OvalProfile } from "../../feeds/oval/index.js";
import { rpmPackageScanner } from "../../formats/rpm/scanner.js";

/** Raw files of github.com/microsoft/AzureLinuxVulnerabilityData (what vunnel and Trivy read). */
export const AZURE_LINUX_OVAL_BASE = "https://raw.githubusercontent.com/microsoft/AzureLinuxVulnerabilityData/main/";
const UPSTREAM = [
  { file: "cbl-mariner-1.0-oval.xml", ns: "mariner:1.0" },
  { file: "cbl-mariner-2.0-oval.xml", ns: "mariner:2.0" },
  { file: "azurelinux-3.0-oval.xml", ns: "azurelinux:3.0" },
] as const;

/** os-release `mariner` 2.0 → `mariner:2.0`; `azurelinux` 3.0 → `azurelinux:3.0`. */
export function marinerNamespace(d: Distribution): string | undefined {
  if (d.id !== "mariner" && d.id !== "azurelinux") return undefined;
  const m = /^(\d+)(?:\.(\d+))?/.exec(d.versionId);
  return m ? `${d.id}:${m[1]}.${m[2] ?? "0"}` : undefined;
}

/** Each file is one release and has no release criterion: the namespace comes from its name. */
function profile(namespace: string): OvalProfile {
  return { updater: `mariner/${namespace.replace(":", "-")}`, namespaceOf: () => undefined, defaultNamespace: namespace, cvssSource: "azurelinux" };
}

/** `cbl-mariner-2.0-oval.xml`, `azurelinux-3.0-oval.xml`, and vunnel's `azure-linux-truncated-3.0-oval.xml`. */
export function namespaceOfFileName(name: string): string | undefined {
  const m = /(azure-?linux|cbl-mariner|mariner)\D*?(\d+\.\d+)/i.exec(name);
  if (!m) return undefined;
  return `${m[1]!.toLowerCase().startsWith("azure") ? "azurelinux" : "mariner"}:${m[2]}`;
}

export const marinerLayout: OvalFeedLayout = {
  ecosystem: "mariner",
  upstream: UPSTREAM.map((u) => ({ id: profile(u.ns).updater, url: AZURE_LINUX_OVAL_BASE + u.file, profile: profile(u.ns) })),
  fileProfile(name) {
    const ns = namespaceOfFileName(name);
    return ns === undefined ? undefined : { id: profile(ns).updater, profile: profile(ns) };
  },
};

export const marinerUpdaters: UpdaterFactory = (source, client) => ovalUpdaters(marinerLayout, source, client);
export const marinerMatcher = ovalRpmMatcher("mariner", marinerNamespace);

/** Azure Linux / CBL-Mariner: os-release, the shared rpm scanner, the per-release OVAL files. */
export const mariner: Ecosystem = {
  name: "mariner",
  distributionScanners: [marinerDistributionScanner],
  packageScanners: [rpmPackageScanner],
  updaters: marinerUpdaters,
  matcher: marinerMatcher,
};

export { marinerDistributionScanner };
