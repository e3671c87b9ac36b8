import { rollingEcosystemSuite } from "../../formats/apk/testdata/rolling-suite.js";
import { wolfi } from "./index.js";

rollingEcosystemSuite(wolfi, "wolfi", "https://packages.wolfi.dev/os/security.json");
