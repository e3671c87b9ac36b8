import { osReleaseScanner } from "../../formats/oval/distribution.js";

// Its own file so that a scan loads the scanner without the ecosystem's feeds (issue 10 §3).
export const photonDistributionScanner = osReleaseScanner("photon-release", ["photon"]);
