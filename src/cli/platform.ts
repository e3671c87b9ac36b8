import type { Platform } from "../core/image.js";
import { FatalError } from "../core/problem.js";

/** Parses `os/arch[/variant]` as Docker, skopeo and Trivy accept it. */
export function parsePlatform(value: string): Platform {
  const parts = value.split("/");
  const [os, architecture, variant] = parts;
  if (parts.length < 2 || parts.length > 3 || !os || !architecture || (parts.length === 3 && !variant)) {
    throw new FatalError("CONFIG_INVALID", `invalid --platform '${value}'`, "use os/arch[/variant], e.g. linux/arm64 or linux/arm/v7");
  }
  return variant ? { os, architecture, variant } : { os, architecture };
}
