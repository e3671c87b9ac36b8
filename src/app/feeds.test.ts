import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isFatalError } from "../core/problem.js";
import { ecosystems } from "../ecosystems/index.js";
import { parseFeedSources, updatePlans } from "./feeds.js";

// One parser for `claro db update --source` and `claro serve --source` / `sources:` (they were two).
test("NAME=PATH|URL: a file, a directory, a URL; unknown names and missing paths are CONFIG_INVALID", () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-feeds-"));
  try {
    writeFileSync(join(dir, "data.json"), "{}");
    const sources = parseFeedSources([`debian=${join(dir, "data.json")}`, `alpine=${dir}`, "epss=https://mirror.example/epss.csv.gz"]);
    assert.deepEqual(Object.fromEntries(sources), {
      debian: { kind: "file", path: join(dir, "data.json") },
      alpine: { kind: "dir", path: dir },
      epss: { kind: "url", url: "https://mirror.example/epss.csv.gz" },
    });
    const invalid = (values: string[], what: RegExp, withEnrichers = true): void =>
      assert.throws(
        () => parseFeedSources(values, "--source", withEnrichers),
        (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID" && what.test(e.message),
        values.join(" "),
      );
    invalid(["debian"], /'debian' is not NAME=PATH\|URL/);
    invalid([`debain=${dir}`], /unknown updater 'debain'/);
    invalid([`debian=${join(dir, "nope.json")}`], /does not exist/);
    // serve's notifier runs ecosystems only: an enrichment feed there is refused by name.
    invalid([`kev=${dir}`], /unknown updater 'kev'/, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("which updaters run: --only, else the sources' names, else every ecosystem and EPSS and KEV (not NVD)", () => {
  const all = updatePlans(null, new Map());
  assert.deepEqual(
    all.plans.map((p) => p.ecosystem),
    Object.keys(ecosystems),
  );
  assert.deepEqual(
    all.enrichPlans.map((p) => p.name),
    ["epss", "kev"],
  );
  assert.ok(all.plans.every((p) => p.source.kind === "upstream"));
  const offline = updatePlans(null, new Map([["debian", { kind: "dir", path: "/mirror" }]]));
  assert.deepEqual(
    offline.plans.map((p) => [p.ecosystem, p.source.kind]),
    [["debian", "dir"]],
  );
  assert.equal(offline.enrichPlans.length, 0);
  const only = updatePlans(["alpine", "nvd"], new Map());
  assert.deepEqual([only.plans.map((p) => p.ecosystem), only.enrichPlans.map((p) => p.name)], [["alpine"], ["nvd"]]);
  assert.equal(updatePlans(null, new Map(), false).enrichPlans.length, 0);
});
