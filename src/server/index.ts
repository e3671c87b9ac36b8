export { buildServer, DEFAULT_SERVER_CONFIG, type ServerConfig } from "./build-server.js";
export { currentIndexState, indexManifest, type ServerDeps, type IndexSettings } from "./index-service.js";
export { signPsk, verifyPsk, type PskAuth } from "./jwt.js";
