// A report whose image and feed data try to break out of the HTML: package names, versions,
// descriptions, links and layer history carrying markup, `</script>` and `<!--`.
import type { Package } from "../../../core/package.js";
import type { Finding, VulnerabilityReport } from "../../../core/report.js";
import { vulnerabilityReport } from "../../testdata/fixture.js";

const SCRIPT = "<script>alert(1)</script>";
const IMG = `"><img src=x onerror=alert(2)>`;
const layer = vulnerabilityReport.layers[0]!.diffId;

const pkg: Package = {
  name: SCRIPT,
  version: `1.0${IMG}`,
  type: "npm",
  arch: null,
  source: null,
  purl: `pkg:npm/${encodeURIComponent(SCRIPT)}@1.0`,
  layer,
  foundIn: `app/</script><!--/package-lock.json`,
};

const finding: Finding = {
  id: `CVE-2099-0001${IMG}`,
  aliases: [],
  package: { name: pkg.name, version: pkg.version, type: pkg.type, purl: pkg.purl },
  fixedVersion: `2.0</script><script>alert(3)</script>`,
  status: "fixed",
  severity: "critical",
  vendorSeverity: null,
  cvss: [],
  description: `Title ${IMG}. More </script><!-- <script>alert(4)</script> text \u2028 end.`,
  layer,
  dataSource: "osv/npm",
  namespace: "npm",
  links: ["javascript:alert(5)", `https://example.test/${IMG}`],
};

export const hostileReport: VulnerabilityReport = {
  ...vulnerabilityReport,
  source: { ...vulnerabilityReport.source, ref: `oci-archive:x.tar:${SCRIPT}` },
  layers: vulnerabilityReport.layers.map((l, i) => (i === 0 ? { ...l, createdBy: `RUN echo ${SCRIPT} ${IMG}` } : l)),
  packages: [...vulnerabilityReport.packages, pkg],
  vulnerabilities: [...vulnerabilityReport.vulnerabilities, finding],
};
