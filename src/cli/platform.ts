import { formatPlatform, type Platform, type ResolvedImage } from "../core/image.js";
import { FatalError, type Problem } from "../core/problem.js";
import { normalizePlatform } from "../image/oci-manifest.js";

/** Parses `os/arch[/variant]` as Docker, skopeo and Trivy accept it. */
export function parsePlatform(value: string): Platform {
  const parts = value.split("/");
  const [os, architecture, variant] = parts;
  if (parts.length < 2 || parts.length > 3 || !os || !architecture || (parts.length === 3 && !variant)) {
    throw new FatalError("CONFIG_INVALID", `invalid --platform '${value}'`, "use os/arch[/variant], e.g. linux/arm64 or linux/arm/v7");
  }
  return variant ? { os, architecture, variant } : { os, architecture };
}

/**
 * An index picks the requested platform or fails (PLATFORM_NOT_FOUND lists what it has), but a
 * single-manifest image offers no choice: it is analysed as it is. When its config names another
 * platform than the one asked for, that must be said, or `--platform linux/arm64` on an
 * amd64-only image would read as an arm64 result. Only an explicit request is checked: the
 * default (linux/amd64) is no claim about an image the user did not qualify.
 */
export function platformMismatch(requested: string | undefined, image: Pick<ResolvedImage, "indexDigest" | "platform" | "config">): Problem | null {
  if (requested === undefined || image.indexDigest !== null || image.config === null) return null;
  const asked = parsePlatform(requested);
  const want = normalizePlatform(asked);
  const have = normalizePlatform(image.platform);
  const same = want.os === have.os && want.architecture === have.architecture && (want.variant === undefined || want.variant === have.variant);
  return same ? null : { kind: "platform-mismatch", requested: formatPlatform(asked), found: formatPlatform(have) };
}
