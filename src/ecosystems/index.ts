import type { Ecosystem } from "../contracts/ecosystem.js";
import { alpine } from "./alpine/index.js";
import { chainguard } from "./chainguard/index.js";
import { debian } from "./debian/index.js";
import { golang } from "./golang/index.js";
import { npm } from "./npm/index.js";
import { pypi } from "./pypi/index.js";
import { ubuntu } from "./ubuntu/index.js";
import { wolfi } from "./wolfi/index.js";

/**
 * The ecosystem registry: one line per folder. `index.test.ts` fails when a folder under
 * `src/ecosystems/` is missing here, and CLI names (`--only`, `--source NAME=`) come from the keys.
 */
export const ecosystems = {
  alpine,
  chainguard,
  debian,
  golang,
  npm,
  pypi,
  ubuntu,
  wolfi,
} as const satisfies Record<string, Ecosystem>;

export type EcosystemName = keyof typeof ecosystems;

export function isEcosystemName(value: string): value is EcosystemName {
  return Object.hasOwn(ecosystems, value);
}
