import { osReleaseScanner } from "../../formats/oval/distribution.js";

// Its own file so that a scan loads the scanner without the ecosystem's feeds (issue 10 §3).
export const suseDistributionScanner = osReleaseScanner("suse-release", [
  "sles",
  "sled",
  "sle-micro",
  "sle-micro-rancher",
  "sl-micro",
  "opensuse-leap",
  "opensuse-tumbleweed",
]);
