import type { UpdaterFactory } from "../contracts/updater.js";
import type { EcosystemName } from "./index.js";

/**
 * Each ecosystem's updater factory, loaded with its own folder only: `claro db update --source
 * golang=all.zip` must not load the scanners, matchers and feed parsers of 25 other ecosystems
 * (about 0.4 s of the ~1.5 s of a small feed's update, issue 13 §3). The keys are the registry's
 * names in its order (updater-catalog.test.ts holds them, and the factories, equal).
 */
export const updaterCatalog = {
  almalinux: async () => (await import("./almalinux/index.js")).almalinux.updaters,
  alpine: async () => (await import("./alpine/index.js")).alpine.updaters,
  amazon: async () => (await import("./amazon/index.js")).amazon.updaters,
  cargo: async () => (await import("./cargo/index.js")).cargo.updaters,
  chainguard: async () => (await import("./chainguard/index.js")).chainguard.updaters,
  composer: async () => (await import("./composer/index.js")).composer.updaters,
  conan: async () => (await import("./conan/index.js")).conan.updaters,
  debian: async () => (await import("./debian/index.js")).debian.updaters,
  fedora: async () => (await import("./fedora/index.js")).fedora.updaters,
  gem: async () => (await import("./gem/index.js")).gem.updaters,
  golang: async () => (await import("./golang/index.js")).golang.updaters,
  hex: async () => (await import("./hex/index.js")).hex.updaters,
  mariner: async () => (await import("./mariner/index.js")).mariner.updaters,
  maven: async () => (await import("./maven/index.js")).maven.updaters,
  npm: async () => (await import("./npm/index.js")).npm.updaters,
  nuget: async () => (await import("./nuget/index.js")).nuget.updaters,
  oracle: async () => (await import("./oracle/index.js")).oracle.updaters,
  photon: async () => (await import("./photon/index.js")).photon.updaters,
  pub: async () => (await import("./pub/index.js")).pub.updaters,
  pypi: async () => (await import("./pypi/index.js")).pypi.updaters,
  rhel: async () => (await import("./rhel/index.js")).rhel.updaters,
  rocky: async () => (await import("./rocky/index.js")).rocky.updaters,
  suse: async () => (await import("./suse/index.js")).suse.updaters,
  swift: async () => (await import("./swift/index.js")).swift.updaters,
  ubuntu: async () => (await import("./ubuntu/index.js")).ubuntu.updaters,
  wolfi: async () => (await import("./wolfi/index.js")).wolfi.updaters,
} as const satisfies Record<EcosystemName, () => Promise<UpdaterFactory>>;

/** The registry's names, without loading it. */
export const ECOSYSTEM_NAMES = Object.keys(updaterCatalog) as EcosystemName[];

export function isEcosystemName(value: string): value is EcosystemName {
  return Object.hasOwn(updaterCatalog, value);
}

/** A factory that loads the ecosystem's updaters module when first called. */
export function deferredUpdaters(name: EcosystemName): UpdaterFactory {
  return async (source, client) => (await updaterCatalog[name]())(source, client);
}
