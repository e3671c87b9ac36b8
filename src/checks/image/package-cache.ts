import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import type { TreeEntry } from "../../contracts/file-tree.js";
import { type ImageCheckInput, isEmptyTree } from "./input.js";
import { EXTRA_SECTION } from "./section-util.js";

interface CacheDir {
  readonly dir: string;
  readonly what: string;
  readonly counts: (e: TreeEntry, rel: string) => boolean;
}

const CACHES: readonly CacheDir[] = [
  { dir: "var/lib/apt/lists", what: "apt package lists", counts: (_e, rel) => rel !== "lock" && !rel.startsWith("partial/") },
  { dir: "var/cache/apt", what: "apt package cache", counts: (_e, rel) => rel.endsWith(".deb") || rel.endsWith(".bin") },
  { dir: "var/cache/apk", what: "apk cache", counts: () => true },
  { dir: "var/cache/yum", what: "yum cache", counts: () => true },
  { dir: "var/cache/dnf", what: "dnf cache", counts: () => true },
];

/**
 * Dockle decides DKL-DI-0004/0005 from the RUN text, which misses caches removed in a later
 * layer and flags RUNs that cleaned up in a way it does not parse (catalogue: #151). claro
 * looks at the result instead: cache files present in the merged filesystem.
 */
export const packageCache: CheckRule<ImageCheckInput> = {
  id: "package-cache",
  group: "image",
  benchmarkIds: {},
  references: ["DKL-DI-0004", "DKL-DI-0005", "DL3009", "DL3019"],
  title: "Clear package manager caches",
  section: EXTRA_SECTION,
  level: 1,
  severity: "low",
  needs: ["image filesystem: var/lib/apt/lists, var/cache/apt, var/cache/apk, var/cache/yum, var/cache/dnf"],
  remediation:
    "Clean up in the same RUN that installs: `apt-get install … && rm -rf /var/lib/apt/lists/*`, `apk add --no-cache …`, `yum install … && yum clean all`.",
  evaluate(input) {
    if (isEmptyTree(input.tree)) return { status: "skip", missing: "image filesystem" };
    const evidence: Evidence[] = [];
    for (const cache of CACHES) {
      const files = input.tree.list(cache.dir).filter((e) => e.type === "file" && cache.counts(e, e.path.slice(cache.dir.length + 1)));
      if (files.length === 0) continue;
      const bytes = files.reduce((n, e) => n + e.size, 0);
      const sample = files.slice(0, 3).map((e) => e.path.slice(cache.dir.length + 1));
      evidence.push({
        file: cache.dir,
        value: `${sample.join(", ")}${files.length > 3 ? ", …" : ""}`,
        detail: `${cache.what}: ${files.length} files, ${bytes} bytes`,
      });
    }
    return evidence.length > 0 ? { status: "fail", evidence } : { status: "pass" };
  },
};
