import { rollingEcosystemSuite } from "../../formats/apk/testdata/rolling-suite.js";
import { chainguard } from "./index.js";

rollingEcosystemSuite(chainguard, "chainguard", "https://packages.cgr.dev/chainguard/security.json");
