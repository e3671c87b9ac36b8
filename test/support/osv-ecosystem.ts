import assert from "node:assert/strict";
import type { Matcher } from "../../src/contracts/matcher.js";
import type { UpdaterFactory } from "../../src/contracts/updater.js";
import type { Advisory } from "../../src/core/advisory.js";
import type { Package, PackageType } from "../../src/core/package.js";
import { createFeedClient } from "../../src/updater/index.js";

/**
 * Test scaffolding shared by the language ecosystems whose advisories come from OSV (cargo, gem,
 * nuget, composer, …): load a mirror directory through the ecosystem's own updater, and ask its
 * matcher which advisory ids hit a package.
 */
export async function loadOsvMirror(updaters: UpdaterFactory, dir: string): Promise<Advisory[]> {
  const client = createFeedClient();
  const [updater] = await updaters({ kind: "dir", path: dir }, client);
  assert.ok(updater, "the ecosystem has an updater for a mirror directory");
  const fetched = await updater.fetch(null, client);
  assert.equal(fetched.status, "changed");
  if (fetched.status !== "changed") return [];
  const out = updater.parse(fetched.body);
  assert.deepEqual(out.problems, []);
  return [...out.advisories];
}

/** One line per advisory, for comparing loaded feeds with what the records say. */
export function advisoryLines(advisories: readonly Advisory[], withSeverity = true): string[] {
  return advisories
    .map(
      (a) =>
        `${a.id} ${a.namespace} ${a.packageName} ${a.introducedVersion ?? "-"}..${a.fixedVersion} ${a.versionScheme}${withSeverity ? ` ${a.severity}` : ""}`,
    )
    .sort();
}

/** A package of `type` as its lockfile scanner would report it. */
export function langPackage(type: PackageType, name: string, version: string, foundIn: string): Package {
  return { name, version, type, arch: null, source: null, purl: `pkg:${type}/${name}@${version}`, layer: `sha256:${"6".repeat(64)}`, foundIn };
}

/**
 * Returns `hits(name, version)`: the distinct advisory ids the matcher reports for that package,
 * after checking that it handles the package and queries `namespace`.
 */
export function matcherHits(
  matcher: Matcher,
  namespace: string,
  advisories: readonly Advisory[],
  pkg: (name: string, version: string) => Package,
): (name: string, version: string) => string[] {
  return (name, version) => {
    const p = pkg(name, version);
    assert.ok(matcher.handles(p, null));
    const [q] = matcher.queries(p, null);
    assert.equal(q?.namespace, namespace);
    return [...new Set(advisories.filter((a) => a.packageName === q?.packageName && matcher.isAffected(p, a)).map((a) => a.id))];
  };
}
