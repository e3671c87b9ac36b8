import { z } from "zod";

/**
 * Composer's two package lists: `composer.lock` (`packages`, and `packages-dev` for
 * require-dev) and `vendor/composer/installed.json` (Composer 1: a bare array; Composer 2:
 * `{ packages, dev, dev-package-names }`). Versions are kept as written (`v1.27.0`), as they
 * appear in purls; the comparator normalises them.
 */

export interface ComposerEntry {
  readonly name: string;
  readonly version: string;
  readonly dev: boolean;
  readonly licenses: readonly string[];
}

const pkgSchema = z
  .object({ name: z.string().min(1), version: z.string().min(1), license: z.union([z.array(z.string()), z.string()]).optional() })
  .passthrough();
const lockSchema = z.object({ packages: z.array(pkgSchema).optional(), "packages-dev": z.array(pkgSchema).nullable().optional() }).passthrough();
const installedV2 = z.object({ packages: z.array(pkgSchema), "dev-package-names": z.array(z.string()).optional() }).passthrough();
const installedV1 = z.array(pkgSchema);

function entry(p: z.infer<typeof pkgSchema>, dev: boolean): ComposerEntry {
  const raw = p.license === undefined ? [] : Array.isArray(p.license) ? p.license : [p.license];
  // Composer reads a `license` array as alternatives; a string written `MIT or BSD-2-Clause` says
  // the same, so it becomes the same list (Trivy splits it too).
  const licenses = raw
    .flatMap((l) => l.split(/\s+or\s+/i))
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return { name: p.name, version: p.version, dev, licenses };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function parseComposerLock(text: string): ComposerEntry[] | string {
  const parsed = lockSchema.safeParse(parseJson(text));
  if (!parsed.success) return "not a composer.lock document";
  return [...(parsed.data.packages ?? []).map((p) => entry(p, false)), ...(parsed.data["packages-dev"] ?? []).map((p) => entry(p, true))];
}

export function parseInstalledJson(text: string): ComposerEntry[] | string {
  const doc = parseJson(text);
  const v2 = installedV2.safeParse(doc);
  if (v2.success) {
    const dev = new Set(v2.data["dev-package-names"] ?? []);
    return v2.data.packages.map((p) => entry(p, dev.has(p.name)));
  }
  const v1 = installedV1.safeParse(doc);
  // Composer 1 does not record which installed packages came from require-dev.
  if (v1.success) return v1.data.map((p) => entry(p, false));
  return "not a vendor/composer/installed.json document";
}
