import assert from "node:assert/strict";
import { test } from "node:test";
import { distroOf, indexFromSbom } from "./index.js";
import { osDistribution } from "./os-names.js";

// Issue 12 (6): what an SBOM names its OS (os-release ID, Trivy's family, Syft's and cdxgen's
// names) → the os-release ID claro's distribution scanners report and its matchers expect.
const TABLE: readonly (readonly [name: string, version: string, id: string, versionId: string])[] = [
  // Trivy (pkg/fanal/types/const.go OS families)
  ["redhat", "8.6", "rhel", "8.6"],
  ["centos", "7.9.2009", "centos", "7.9.2009"],
  ["rocky", "9.2", "rocky", "9.2"],
  ["alma", "9.2", "almalinux", "9.2"],
  ["amazon", "2 (Karoo)", "amzn", "2"],
  ["amazon", "2023.3.20240108 (Amazon Linux)", "amzn", "2023.3.20240108"],
  ["oracle", "8.8", "ol", "8.8"],
  ["cbl-mariner", "2.0.20230630", "mariner", "2.0.20230630"],
  ["azurelinux", "3.0", "azurelinux", "3.0"],
  ["photon", "5.0", "photon", "5.0"],
  ["opensuse.leap", "15.5", "opensuse-leap", "15.5"],
  ["opensuse.tumbleweed", "20240101", "opensuse-tumbleweed", "20240101"],
  ["sles", "15.5", "sles", "15.5"],
  ["slem", "5.4", "sle-micro", "5.4"],
  ["debian", "12.1", "debian", "12.1"],
  ["ubuntu", "22.04", "ubuntu", "22.04"],
  ["alpine", "3.18.2", "alpine", "3.18.2"],
  ["wolfi", "20230201", "wolfi", "20230201"],
  ["chainguard", "20230214", "chainguard", "20230214"],
  ["fedora", "39", "fedora", "39"],
  // os-release IDs (Syft and cdxgen write these) pass through
  ["rhel", "9.3", "rhel", "9.3"],
  ["amzn", "2023", "amzn", "2023"],
  ["ol", "9.2", "ol", "9.2"],
  ["mariner", "2.0", "mariner", "2.0"],
  ["almalinux", "8.9", "almalinux", "8.9"],
  ["opensuse-leap", "15.6", "opensuse-leap", "15.6"],
  ["sle-micro", "5.5", "sle-micro", "5.5"],
  ["sl-micro", "6.0", "sl-micro", "6.0"],
  // NAME= values, which some tools put in the component name
  ["Red Hat Enterprise Linux", "9.3", "rhel", "9.3"],
  ["Amazon Linux", "2", "amzn", "2"],
  ["Oracle Linux Server", "8.8", "ol", "8.8"],
  ["CBL-Mariner", "2.0", "mariner", "2.0"],
  ["Microsoft Azure Linux", "3.0", "azurelinux", "3.0"],
  ["VMware Photon OS", "5.0", "photon", "5.0"],
  ["SLES", "15-SP5", "sles", "15.5"],
  ["Debian GNU/Linux", "12", "debian", "12"],
  ["Alpine Linux", "3.19.0", "alpine", "3.19.0"],
  ["AlmaLinux", "9.3", "almalinux", "9.3"],
  ["Rocky Linux", "9.3", "rocky", "9.3"],
  ["openSUSE Leap", "15.5", "opensuse-leap", "15.5"],
];

for (const [name, version, id, versionId] of TABLE) {
  test(`OS "${name}" ${version} → ${id} ${versionId}`, () => {
    assert.deepEqual(osDistribution(name, version), { id, versionId });
  });
}

test("a CycloneDX OS component named the way Trivy names it is the distribution claro matches", () => {
  for (const [name, version, id, versionId] of [
    ["redhat", "8.6", "rhel", "8.6"],
    ["amazon", "2 (Karoo)", "amzn", "2"],
    ["oracle", "8.8", "ol", "8.8"],
    ["cbl-mariner", "2.0.20230630", "mariner", "2.0.20230630"],
  ] as const) {
    const bom = { bomFormat: "CycloneDX", specVersion: "1.5", components: [{ type: "operating-system", name, version }] };
    const index = indexFromSbom(JSON.stringify(bom), "trivy.cdx.json");
    assert.equal(index.distribution?.id, id, name);
    assert.equal(index.distribution?.versionId, versionId, name);
  }
});

test("a purl's distro= qualifier in Trivy's names maps the same way", () => {
  assert.equal(distroOf("redhat-8.6")?.id, "rhel");
  assert.equal(distroOf("oracle-8.8")?.id, "ol");
  assert.equal(distroOf("debian-12")?.id, "debian");
});
