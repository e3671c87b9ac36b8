// The engine registry moved to app/engines.ts; tests and the bench still import it from here.
export { registeredMatchers, registeredScanners } from "../app/engines.js";
