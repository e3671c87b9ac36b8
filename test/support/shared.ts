import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The one place tests find `../shared` (images, fixtures, tools). Override with CLARO_SHARED.
 * Tests read the files in place and never copy them into the repository.
 */
export function sharedDir(): string {
  const fromEnv = process.env["CLARO_SHARED"];
  if (fromEnv) return resolve(fromEnv);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const candidate = resolve(repoRoot, "..", "shared");
  if (!existsSync(candidate)) {
    throw new Error(`shared test data not found at ${candidate}; set CLARO_SHARED to its path`);
  }
  return candidate;
}

export function sharedPath(...parts: string[]): string {
  return join(sharedDir(), ...parts);
}

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
