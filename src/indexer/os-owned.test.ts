import assert from "node:assert/strict";
import { test } from "node:test";
import type { Package } from "../core/package.js";
import { applyDetectionPriority, isDetectionPriority, partitionOsOwned } from "./os-owned.js";

const layer = `sha256:${"1".repeat(64)}` as const;
const pkg = (p: Partial<Package> & Pick<Package, "name" | "type" | "foundIn">): Package => ({
  version: "1",
  arch: null,
  source: null,
  purl: `pkg:${p.type}/${p.name}@1`,
  layer,
  ...p,
});

const deb = pkg({
  name: "python3-six",
  type: "deb",
  foundIn: "var/lib/dpkg/status",
  files: [
    "/.",
    "/usr/lib/python3/dist-packages",
    "/usr/lib/python3/dist-packages/six-1.16.0.egg-info",
    "/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO",
  ],
});
const apk = pkg({ name: "py3-idna", type: "apk", foundIn: "lib/apk/db/installed", files: ["usr/lib/python3.12/site-packages/idna-3.7.dist-info"] });
const six = pkg({ name: "six", type: "pypi", foundIn: "usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO" });
const idna = pkg({ name: "idna", type: "pypi", foundIn: "usr/lib/python3.12/site-packages/idna-3.7.dist-info/METADATA" });
const pipInstalled = pkg({ name: "flask", type: "pypi", foundIn: "usr/lib/python3/dist-packages/flask-3.0.dist-info/METADATA" });
const lock = pkg({ name: "left-pad", type: "npm", foundIn: "usr/lib/python3/dist-packages/package-lock.json" });

test("a language package whose file (dpkg list, leading slash) or metadata directory (apk) an OS package owns is dropped", () => {
  const { kept, owned } = partitionOsOwned([deb, apk, six, idna, pipInstalled, lock]);
  assert.deepEqual(
    owned.map((p) => p.name),
    ["six", "idna"],
  );
  assert.deepEqual(
    kept.map((p) => p.name),
    ["python3-six", "py3-idna", "flask", "left-pad"],
  );
});

test("a shared parent directory (dist-packages) owned by the OS does not make its contents OS-owned", () => {
  assert.deepEqual(partitionOsOwned([deb, pipInstalled]).owned, []);
});

test("comprehensive keeps everything; precise drops the OS-owned ones", () => {
  assert.equal(applyDetectionPriority([deb, six], "comprehensive").length, 2);
  assert.deepEqual(
    applyDetectionPriority([deb, six], "precise").map((p) => p.name),
    ["python3-six"],
  );
  assert.ok(isDetectionPriority("precise") && isDetectionPriority("comprehensive") && !isDetectionPriority("fast"));
});

test("components compiled into an OS-packaged binary are kept: Debian's fzf embeds Go's stdlib", () => {
  const fzf = {
    name: "fzf",
    version: "0.38.0-1+b1",
    type: "deb",
    arch: "amd64",
    source: null,
    purl: "pkg:deb/debian/fzf@0.38.0-1%2Bb1",
    layer: `sha256:${"1".repeat(64)}`,
    foundIn: "var/lib/dpkg/status",
    files: ["/usr/bin/fzf", "/usr/share/go/src/x/go.mod"],
  } as const;
  const stdlib = {
    name: "stdlib",
    version: "v1.19.8",
    type: "golang",
    arch: null,
    source: null,
    purl: "pkg:golang/stdlib@v1.19.8",
    layer: fzf.layer,
    foundIn: "usr/bin/fzf",
  } as const;
  const gomod = { ...stdlib, name: "example.com/x", foundIn: "usr/share/go/src/x/go.mod" } as const;
  const { kept, owned } = partitionOsOwned([fzf, stdlib, gomod], (p) => p === stdlib);
  assert.deepEqual(
    kept.map((p) => p.name),
    ["fzf", "stdlib"],
  );
  assert.deepEqual(
    owned.map((p) => p.name),
    ["example.com/x"],
  );
});
