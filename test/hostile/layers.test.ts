import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readFile, rm, symlink } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import tarStream from "tar-stream";
import { CompressStream } from "zstd-napi";
import { registeredMatchers, registeredScanners } from "../../src/cli/pipeline.js";
import { sha256Digest } from "../../src/image/digests.js";
import { gzip, makeTar, writeDockerArchive, writeOciLayout } from "../../src/image/testdata/synthetic.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../../src/server/build-server.js";
import type { ServerDeps } from "../../src/server/index-service.js";
import { openIndexStore } from "../../src/store/open-index-store.js";
import { openStore } from "../../src/store/open-store.js";
import { openV2LayerStore } from "../../src/store/open-side-stores.js";
import { claroLimited, hostileDir, type LimitedRun } from "./limits.js";

// Issue 9 §3, §8, §11, §12: hostile layers and layouts. Every input is generated here.

const ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
/** Far above what any of these runs needs; a run past it is a failure, not a slow machine. */
const QUICK = { timeoutMs: 240_000, maxRssMb: 400 } as const; // hang guard, generous for a loaded machine

function refused(run: LimitedRun, code: string, pattern: RegExp): void {
  assert.equal(run.killed, null, `killed for ${run.killed ?? ""}: ${run.stderr}`);
  assert.equal(run.code, 2, run.stderr);
  const lines = run.stderr
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("claro: error"));
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, new RegExp(`^claro: error \\[${code}\\]: `));
  assert.match(lines[0]!, pattern);
}

const sbom = (dir: string): string[] => ["sbom", "--format", "json", "-q", `oci:${dir}:test`];

/**
 * A layout whose one zstd layer is a tar of a single `size`-byte file of zeros, streamed through
 * the compressor: the blob is a few dozen KB, the tar never exists in memory.
 */
async function zstdZeroLayout(size: number): Promise<{ dir: string; blobBytes: number }> {
  const pack = tarStream.pack();
  const feed = (async () => {
    const entry = pack.entry({ name: "zeros.bin", size, mode: 0o644, mtime: new Date(0) });
    const zero = Buffer.alloc(1 << 20);
    for (let left = size; left > 0; left -= zero.length) {
      if (!entry.write(zero.subarray(0, Math.min(zero.length, left)))) await new Promise<void>((r) => entry.once("drain", () => r()));
    }
    entry.end(Buffer.alloc(0));
    pack.finalize();
  })();
  const tmp = join(hostileDir("zstd-gen"), "layer.zst");
  await Promise.all([feed, pipeline(pack, new CompressStream({ compressionLevel: 1 }), createWriteStream(tmp))]);
  const blob = await readFile(tmp);
  // The diff_id of this exact tar (fixed name, mode and mtime), computed once: hashing 1 GiB here
  // would cost seconds, and a wrong value would fail the run with DIGEST_MISMATCH.
  const diffId = ZERO_TAR_DIFF_IDS[size];
  assert.ok(diffId, `no recorded diff_id for a ${size}-byte file`);
  const dir = await writeOciLayout([{ blob, diffId, mediaType: ZSTD }], "claro-hostile-zstd-");
  return { dir, blobBytes: blob.length };
}

const GiB = 1 << 30;
const ZERO_TAR_DIFF_IDS: Record<number, string> = {
  [GiB]: "sha256:f26cae0074530434343995d41689eafbe4a7d4164d6fd33d4f11ee53bb2dcaf9",
  [GiB / 2]: "sha256:9b282e57a5b593206feb03213d8c84980d23dc11d0b3b8c154ccce2010745125",
};

// Two cases at a time: each is its own CLI process, so two cores halve the file's wall time.
describe("issue 9: hostile layers and layouts", { concurrency: 2 }, () => {
  describe("§3: a zstd layer is inflated under backpressure, like gzip", () => {
    let layout = "";
    before(async () => {
      // Half a GiB is enough to tell: buffered, it alone is over the limit; streamed, it is ~200 MB.
      const { dir, blobBytes } = await zstdZeroLayout(GiB / 2);
      assert.ok(blobBytes < 128 << 10, `${blobBytes}-byte blob`);
      layout = dir;
    });
    after(() => rm(layout, { recursive: true, force: true }));

    for (const backend of ["zstd-napi", "fzstd"] as const) {
      test(`512 MiB of zeros in a small zstd layer stays under 400 MB (${backend})`, async (t) => {
        const run = await claroLimited(sbom(layout), { timeoutMs: 240_000, maxRssMb: 400, env: { CLARO_ZSTD_BACKEND: backend } });
        assert.equal(run.killed, null, `killed for ${run.killed ?? ""} at ${Math.round(run.peakRssMb)} MB`);
        assert.equal(run.code, 0, run.stderr);
        assert.ok(run.peakRssMb < 400, `peak RSS ${Math.round(run.peakRssMb)} MB`);
        t.diagnostic(`${backend}: peak RSS ${Math.round(run.peakRssMb)} MB`);
      });
    }
  });

  describe("§8: an oci: layout opens only regular files inside itself", () => {
    // A layer blob linked to /dev/zero, or outside the layout, takes the same path: src/image/layer-checks.test.ts.
    let dir = "";
    before(async () => {
      dir = await writeOciLayout([{ tar: await makeTar([{ name: "etc/os-release", content: "ID=hostile\n" }]) }], "claro-hostile-layout-");
    });
    after(() => rm(dir, { recursive: true, force: true }));

    /** A copy of the layout with `rel` replaced by what `make` puts there. */
    async function variant(rel: string, make: (path: string) => Promise<void>): Promise<string> {
      const copy = join(hostileDir("layout"), "layout");
      execFileSync("cp", ["-a", dir, copy]);
      await rm(join(copy, rel), { force: true });
      await make(join(copy, rel));
      return copy;
    }

    test("index.json linked to /dev/zero is refused at once, not read into 3 GB", async () => {
      const run = await claroLimited(sbom(await variant("index.json", (p) => symlink("/dev/zero", p))), QUICK);
      refused(run, "UNSAFE_PATH", /index\.json links outside the layout \(to \/dev\/zero\)/);
    });

    test("index.json that is a FIFO is refused without waiting for a writer", async () => {
      const run = await claroLimited(sbom(await variant("index.json", async (p) => void execFileSync("mkfifo", [p]))), QUICK);
      refused(run, "ARCHIVE_CORRUPT", /index\.json is a FIFO, not a regular file/);
    });
  });

  describe("§11: a layer must be a tar", () => {
    test("a 48-byte text blob is not an empty layer: exit 2, LAYER_CORRUPT", async () => {
      const text = Buffer.from("<html><body>internal admin</body></html>".padEnd(48, " "));
      assert.equal(text.length, 48);
      const dir = await writeOciLayout(
        [{ blob: text, diffId: sha256Digest(text), mediaType: "application/vnd.oci.image.layer.v1.tar" }],
        "claro-hostile-text-",
      );
      const run = await claroLimited(sbom(dir), QUICK);
      await rm(dir, { recursive: true, force: true });
      refused(run, "LAYER_CORRUPT", /the 48-byte blob is not a tar/);
    });
  });

  describe("§11: Clair v2 POST /v1/layers of a non-tar answer is a 4xx in v2's format", () => {
    let app: FastifyInstance;
    let deps: ServerDeps;
    let base = "";
    let text: Server;
    let textPort = 0;

    before(async () => {
      text = createServer(
        (_req, res) => void res.writeHead(200, { "content-type": "text/plain" }).end("internal service answers with a line of text".padEnd(48, ".")),
      );
      await new Promise<void>((resolve) => text.listen(0, "127.0.0.1", resolve));
      textPort = (text.address() as AddressInfo).port;
      const db = `sqlite:${join(hostileDir("v2-text"), "claro.sqlite")}`;
      deps = {
        indexStore: await openIndexStore(db),
        advisoryStore: await openStore(db),
        v2Layers: openV2LayerStore(db),
        scanners: registeredScanners(),
        matchers: registeredMatchers(),
      };
      app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, urlPolicy: { allowHosts: [`127.0.0.1:${textPort}`] } });
      base = await app.listen({ host: "127.0.0.1", port: 0 });
    });

    after(async () => {
      await app.close();
      text.closeAllConnections();
      await new Promise((resolve) => text.close(resolve));
      await Promise.all([deps.indexStore.close(), deps.advisoryStore.close(), deps.v2Layers?.close()]);
    });

    test("422 with {Error:{Message}}, and nothing stored", { timeout: 60_000 }, async () => {
      const res = await fetch(`${base}/v1/layers`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ Layer: { Name: "hostile-text", Path: `http://127.0.0.1:${textPort}/admin`, Format: "Docker" } }),
      });
      const body = (await res.json()) as { Error?: { Message?: string } };
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.match(body.Error?.Message ?? "", /could not extract the layer: .*the 48-byte blob is not a tar/);
      assert.equal((await fetch(`${base}/v1/layers/hostile-text`)).status, 404);
    });
  });

  describe("§12: every layer's tar must match the config's diff_id", () => {
    test("a docker-archive whose gzip layer was swapped is DIGEST_MISMATCH, exit 2", async () => {
      const tar = await makeTar([{ name: "etc/os-release", content: "ID=original\n" }]);
      const swapped = gzip(await makeTar([{ name: "etc/os-release", content: "ID=tampered\n" }]));
      const archive = await writeDockerArchive([{ blob: swapped, diffId: sha256Digest(tar) }], "claro-hostile-docker-");
      const run = await claroLimited(["sbom", "--format", "json", "-q", `docker-archive:${archive}`], QUICK);
      await rm(dirname(archive), { recursive: true, force: true });
      refused(run, "DIGEST_MISMATCH", new RegExp(`uncompressed tar has digest sha256:[0-9a-f]{64}, but the config's diff_id is ${sha256Digest(tar)}`));
    });
  });
});
