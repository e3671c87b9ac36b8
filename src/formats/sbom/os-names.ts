/**
 * What SBOM writers call an OS → the os-release `ID` claro's distribution scanners report, which
 * is what its matchers expect. Syft and cdxgen write the os-release ID; Trivy writes its own OS
 * family names (pkg/fanal/types/const.go); some tools write os-release `NAME`. Keys are
 * lowercased; an id not listed is taken as it is (it may already be an os-release ID).
 */
const OS_IDS: Readonly<Record<string, string>> = {
  // Trivy's families
  redhat: "rhel",
  alma: "almalinux",
  amazon: "amzn",
  oracle: "ol",
  "cbl-mariner": "mariner",
  "opensuse.leap": "opensuse-leap",
  "opensuse.tumbleweed": "opensuse-tumbleweed",
  slem: "sle-micro",
  // os-release NAME values
  "red hat enterprise linux": "rhel",
  "red hat enterprise linux server": "rhel",
  "amazon linux": "amzn",
  "amazon linux ami": "amzn",
  "oracle linux server": "ol",
  "oracle linux": "ol",
  "common base linux mariner": "mariner",
  "microsoft azure linux": "azurelinux",
  "azure linux": "azurelinux",
  "vmware photon os": "photon",
  "photon os": "photon",
  "debian gnu/linux": "debian",
  "alpine linux": "alpine",
  "rocky linux": "rocky",
  "centos linux": "centos",
  "centos stream": "centos",
  "opensuse leap": "opensuse-leap",
  "opensuse tumbleweed": "opensuse-tumbleweed",
  "suse linux enterprise server": "sles",
  "suse linux enterprise micro": "sle-micro",
  "suse linux micro": "sl-micro",
  "fedora linux": "fedora",
};

/**
 * The distribution id and VERSION_ID for an SBOM's OS name and version. Versions are cut to what
 * os-release would say: Trivy's `2 (Karoo)` → `2`, SUSE's `15-SP5` → `15.5`.
 */
export function osDistribution(name: string, version: string): { id: string; versionId: string } {
  const key = name.trim().toLowerCase();
  const id = OS_IDS[key] ?? key.replace(/\s+/g, "-");
  const sp = /^(\d+)-SP(\d+)$/i.exec(version.trim());
  const versionId = sp ? `${sp[1]}.${sp[2]}` : (/^\d[\w.]*/.exec(version.trim())?.[0] ?? version.trim());
  return { id, versionId };
}
