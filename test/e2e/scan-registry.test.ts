import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { claro } from "../support/claro.js";
import { ensureRegistry } from "../support/registry.js";
import { sharedPath } from "../support/shared.js";

interface JsonReport {
  distribution: unknown;
  layers: { diffId: string }[];
  packages: unknown[];
  vulnerabilities: unknown[];
}

let work: string;
let db: string;
let registry: string;
before(async () => {
  registry = (await ensureRegistry({ auth: "token" }, 5000)).replace(/^https?:\/\//, "");
  work = mkdtempSync(join(tmpdir(), "claro-e2e-registry-"));
  db = `sqlite:${join(work, "db.sqlite")}`;
  const r = await claro([
    "db",
    "update",
    "--db",
    db,
    "--source",
    `debian=${sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json")}`,
    "--source",
    `alpine=${sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml")}`,
  ]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rmSync(work, { recursive: true, force: true }));

async function scan(ref: string, ...extra: string[]): Promise<JsonReport> {
  const r = await claro(["scan", "--format", "json", "--db", db, ...extra, ref]);
  assert.equal(r.code, 0, `${ref}: ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonReport;
}

/** What must not depend on where the image came from. */
function essence(r: JsonReport): unknown {
  return { distribution: r.distribution, layers: r.layers.map((l) => l.diffId), packages: r.packages, vulnerabilities: r.vulnerabilities };
}

test("token-auth registry gives the same results as the archives (OCI and Docker v2 manifests)", async () => {
  const debian = sharedPath("images", "debian-bookworm.oci.tar");
  const fromArchive = essence(await scan(`oci-archive:${debian}:bookworm-multilayer`));
  assert.deepEqual(essence(await scan(`${registry}/test/debian-bookworm:bookworm-multilayer`)), fromArchive);
  assert.deepEqual(essence(await scan(`registry:${registry}/test/debian-bookworm:bookworm-multilayer-v2s2`)), fromArchive);
  const alpineArchive = essence(await scan(`docker-archive:${sharedPath("images", "alpine-3.9.6.docker.tar")}`));
  assert.deepEqual(essence(await scan(`${registry}/test/alpine:3.9.6`)), alpineArchive);
  const zstdArchive = essence(await scan(`oci-archive:${sharedPath("images", "alpine-3.20.3.oci.tar")}:3.20.3-zstd`));
  assert.deepEqual(essence(await scan(`${registry}/test/alpine-3.20.3:3.20.3-zstd`)), zstdArchive);
});

test("registry: --platform linux/arm64 on the BusyBox index picks the arm64 child", async () => {
  const r = (await scan(`${registry}/test/busybox-multiarch:multiarch`, "--platform", "linux/arm64")) as JsonReport & {
    source: { platform: string; digest: string };
  };
  assert.match(r.source.platform, /^linux\/arm64/);
  const archive = (await scan(`oci-archive:${sharedPath("images", "busybox-multiarch.oci.tar")}:multiarch`, "--platform", "linux/arm64")) as typeof r;
  assert.equal(r.source.digest, archive.source.digest);
});

test("registry errors are exit 2 with a one-line cause: unknown tag (404)", async () => {
  const r = await claro(["scan", "--db", db, `${registry}/test/alpine:no-such-tag`]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /REGISTRY_NOT_FOUND/);
});
