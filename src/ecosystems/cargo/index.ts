import type { Ecosystem } from "../../contracts/ecosystem.js";
import { cargoMatcher } from "./matcher.js";
import { cargoAuditableScanner, cargoLockScanner } from "./scanner.js";
import { cargoUpdaters } from "./updater.js";

export { type AuditablePackage, cargoAuditableProbe, readAuditableDeps } from "./auditable.js";
export { type CargoLockPackage, type CargoLockParse, parseCargoLock } from "./cargo-lock.js";
export { CARGO_NAMESPACE, cargoMatcher, cargoVersionScheme } from "./matcher.js";
export { cargoAuditableScanner, cargoLockScanner, cargoPurl } from "./scanner.js";
export { CARGO_OSV_URL, CARGO_UPDATER_ID, cargoUpdaters } from "./updater.js";

/** Rust: Cargo.lock files and cargo-auditable binaries, matched against RustSec (OSV `crates.io`). */
export const cargo: Ecosystem = {
  name: "cargo",
  distributionScanners: [],
  packageScanners: [cargoLockScanner, cargoAuditableScanner],
  updaters: cargoUpdaters,
  updaterIds: ["osv/crates.io"],
  matcher: cargoMatcher,
};
