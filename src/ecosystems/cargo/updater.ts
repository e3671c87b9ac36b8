import type { UpdaterFactory } from "../../contracts/updater.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { CARGO_NAMESPACE, cargoVersionScheme } from "./matcher.js";

export const CARGO_OSV_URL = "https://osv-vulnerabilities.storage.googleapis.com/crates.io/all.zip";
export const CARGO_UPDATER_ID = "osv/crates.io";

/** RustSec via OSV.dev's `crates.io` export: upstream all.zip, a mirror URL, a file, or a mirror dir. */
export const cargoUpdaters: UpdaterFactory = osvUpdaterFactory({
  id: CARGO_UPDATER_ID,
  upstreamZipUrl: CARGO_OSV_URL,
  osvEcosystem: "crates.io",
  ecosystemDir: "crates.io",
  namespaceOf: (ecosystem) => (ecosystem === "crates.io" ? CARGO_NAMESPACE : undefined),
  versionScheme: cargoVersionScheme.id,
});
