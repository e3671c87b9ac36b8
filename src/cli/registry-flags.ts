import { registryOptionsFromEnv, type RegistryOptions } from "../image/registry/index.js";
import { timeoutMs } from "./deadline.js";
import type { ImageFlags } from "./image-flags.js";

/** The registry client's options from the flags and the registry environment (CLARO_USERNAME, DOCKER_CONFIG…). */
export function registryOptions(s: ImageFlags): RegistryOptions {
  const env = registryOptionsFromEnv(process.env);
  return {
    ...env,
    ...(s.username !== undefined ? { username: s.username } : {}),
    ...(s.password !== undefined ? { password: s.password } : {}),
    ...(s.insecure !== undefined ? { insecure: s.insecure } : {}),
    ...(s.allowMetadataHosts === true ? { allowMetadataHosts: true } : {}),
    // No single request may outlive the scan; the scan's own deadline (created first) speaks first.
    timeouts: { ...env.timeouts, totalMs: timeoutMs(s.timeout) },
  };
}
