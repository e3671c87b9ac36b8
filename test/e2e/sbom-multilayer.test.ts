import assert from "node:assert/strict";
import { test } from "node:test";
import { claro } from "../support/claro.js";
import { sharedPath } from "../support/shared.js";

interface Inventory {
  packages: { name: string; version: string; type: string; purl: string; layer: string }[];
  layers: { diffId: string }[];
}

const image = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;

test("claro sbom on bookworm-multilayer: every scanner, each package once, tied to its layer", async () => {
  const r = await claro(["sbom", "-q", image]);
  assert.equal(r.code, 0, r.stderr);
  const inv = JSON.parse(r.stdout) as Inventory;
  const of = (type: string) => inv.packages.filter((p) => p.type === type);
  assert.equal(of("deb").length, 120);
  assert.deepEqual(
    of("npm")
      .map((p) => `${p.name}@${p.version}`)
      .sort(),
    ["lodash@4.17.15", "minimist@0.0.8", "minimist@1.2.0", "mkdirp@0.5.1", "node-fetch@2.6.0"],
  );
  const app = inv.layers[4]!.diffId;
  for (const p of of("npm")) assert.equal(p.layer, app, `${p.name} comes from the /app layer`);
  // Debian's python3-* packages own their egg-info/dist-info: reported once, as deb packages.
  assert.equal(of("pypi").length, 0);
  assert.ok(of("deb").some((p) => p.name === "python3-requests"));
  // The Go toolchain that built Debian's /usr/bin/fzf is compiled into it, so it is reported.
  assert.deepEqual(
    of("golang").map((p) => `${p.name}@${p.version}`),
    ["stdlib@v1.19.8"],
  );
  assert.equal(of("golang")[0]!.layer, inv.layers[1]!.diffId);
});

test("--detection-priority comprehensive also lists the 7 Debian-owned Python distributions", async () => {
  const r = await claro(["sbom", "-q", "--detection-priority", "comprehensive", image]);
  assert.equal(r.code, 0, r.stderr);
  const pypi = (JSON.parse(r.stdout) as Inventory).packages.filter((p) => p.type === "pypi");
  assert.deepEqual(pypi.map((p) => `${p.name}@${p.version}`).sort(), [
    "certifi@2022.9.24",
    "chardet@5.1.0",
    "charset-normalizer@3.0.1",
    "idna@3.3",
    "requests@2.28.1",
    "six@1.16.0",
    "urllib3@1.26.12",
  ]);
});
