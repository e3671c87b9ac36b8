import type { Ecosystem } from "../contracts/ecosystem.js";
import { almalinux } from "./almalinux/index.js";
import { alpine } from "./alpine/index.js";
import { amazon } from "./amazon/index.js";
import { cargo } from "./cargo/index.js";
import { chainguard } from "./chainguard/index.js";
import { composer } from "./composer/index.js";
import { conan } from "./conan/index.js";
import { debian } from "./debian/index.js";
import { fedora } from "./fedora/index.js";
import { gem } from "./gem/index.js";
import { golang } from "./golang/index.js";
import { hex } from "./hex/index.js";
import { mariner } from "./mariner/index.js";
import { maven } from "./maven/index.js";
import { npm } from "./npm/index.js";
import { nuget } from "./nuget/index.js";
import { oracle } from "./oracle/index.js";
import { photon } from "./photon/index.js";
import { pub } from "./pub/index.js";
import { pypi } from "./pypi/index.js";
import { rhel } from "./rhel/index.js";
import { rocky } from "./rocky/index.js";
import { suse } from "./suse/index.js";
import { swift } from "./swift/index.js";
import { ubuntu } from "./ubuntu/index.js";
import { wolfi } from "./wolfi/index.js";

/**
 * The ecosystem registry: one line per folder. `index.test.ts` fails when a folder under
 * `src/ecosystems/` is missing here, and CLI names (`--only`, `--source NAME=`) come from the keys.
 */
export const ecosystems = {
  almalinux,
  alpine,
  amazon,
  cargo,
  chainguard,
  composer,
  conan,
  debian,
  fedora,
  gem,
  golang,
  hex,
  mariner,
  maven,
  npm,
  nuget,
  oracle,
  photon,
  pub,
  pypi,
  rhel,
  rocky,
  suse,
  swift,
  ubuntu,
  wolfi,
} as const satisfies Record<string, Ecosystem>;

export type EcosystemName = keyof typeof ecosystems;

export function isEcosystemName(value: string): value is EcosystemName {
  return Object.hasOwn(ecosystems, value);
}
