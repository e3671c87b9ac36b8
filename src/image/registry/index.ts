export { createRegistrySource, pullAuthHeader } from "./registry-source.js";
export { guardFor, registryOptionsFromEnv, type RegistryOptions } from "./options.js";
export { DEFAULT_RETRY, DEFAULT_TIMEOUTS, Transport } from "./transport.js";
export { formatReference, isLoopback, normaliseRepository, parseReference, stripRegistryTransport, type RegistryReference } from "./reference.js";
export { dockerCredentials, type Credentials } from "./docker-config.js";
export type { RetryOptions, TimeoutOptions } from "./transport.js";
export { RegistryClient } from "./client.js";
export { clientOptions } from "./options.js";
export { headManifest, pushBlob, pushManifest, type BlobToPush } from "./push.js";
