// Klar acceptance (issue 10): `claro klar` against a registry that serves a manifest or a blob
// whose digest does not match exits 2 with one clear line. A real registry cannot be made to
// serve such content, so a tiny local HTTP server does (the faults only); the CLI and the Clair
// v2 server that fetches the layers are the real ones.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { pack } from "tar-stream";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../app/engines.js";
import { openServerStores, type ServerStores } from "../app/stores.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../server/build-server.js";
import { claro } from "../../test/support/claro.js";

const sha = (b: Buffer | string): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;

async function tarOf(name: string, text: string): Promise<Buffer> {
  const p = pack();
  p.entry({ name }, text);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A one-layer image: its config and OCI manifest. */
function imageOf(layer: Buffer): [Buffer, Buffer] {
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: [sha(layer)] },
      history: [{ created_by: "ADD file /etc" }],
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha(config), size: config.length },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: sha(layer), size: layer.length }],
    }),
  );
  return [config, manifest];
}

describe("claro klar refuses content whose digest does not match (real CLI, real Clair v2 server)", () => {
  let layer: Buffer = Buffer.alloc(0);
  let swapped: Buffer = Buffer.alloc(0);
  let config: Buffer = Buffer.alloc(0);
  let manifest: Buffer = Buffer.alloc(0);
  // t/bad-layer: its own layer, never served as it is. Clair keeps the extract of a layer it has
  // verified under its digest and does not fetch it again, so the swapped blob must be new to it.
  let badLayer: Buffer = Buffer.alloc(0);
  let badConfig: Buffer = Buffer.alloc(0);
  let badManifest: Buffer = Buffer.alloc(0);
  /** Which fault t/img shows; "none" serves the image as it is. */
  let fault: "none" | "manifest-header" | "manifest-by-digest" | "config" = "none";
  let registry: Server;
  let host = "";
  let clair: FastifyInstance;
  let clairAddr = "";
  let stores: ServerStores;
  let dir = "";

  before(async () => {
    layer = await tarOf("etc/hostname", "claro\n");
    // A well-formed layer too, but not the one the manifest names.
    swapped = await tarOf("etc/hostname", "swapped\n");
    [config, manifest] = imageOf(layer);
    badLayer = await tarOf("etc/motd", "welcome\n");
    [badConfig, badManifest] = imageOf(badLayer);
    registry = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = req.url ?? "";
      const send = (body: Buffer, type: string, digest = sha(body)): void => {
        res.writeHead(200, { "content-type": type, "content-length": body.length, "docker-content-digest": digest });
        res.end(req.method === "HEAD" ? undefined : body);
      };
      // One space more: the same JSON to a parser, other bytes to a digest.
      const tampered = Buffer.from(manifest.toString().replace('"schemaVersion":2', '"schemaVersion": 2'));
      if (url === "/v2/") return send(Buffer.from("{}"), "application/json");
      if (url === "/v2/t/img/manifests/1") {
        if (fault === "manifest-header") return send(tampered, "application/vnd.oci.image.manifest.v1+json", sha(manifest));
        return send(manifest, "application/vnd.oci.image.manifest.v1+json");
      }
      if (url === `/v2/t/img/manifests/${sha(manifest)}`) {
        // Without Docker-Content-Digest: the digest in the reference is what it must match.
        const body = fault === "manifest-by-digest" ? tampered : manifest;
        res.writeHead(200, { "content-type": "application/vnd.oci.image.manifest.v1+json", "content-length": body.length });
        return res.end(body);
      }
      if (url === `/v2/t/img/blobs/${sha(config)}`)
        return send(fault === "config" ? Buffer.concat([config, Buffer.from(" ")]) : config, "application/octet-stream", sha(config));
      if (url === `/v2/t/img/blobs/${sha(layer)}`) return send(layer, "application/octet-stream");
      if (url === "/v2/t/bad-layer/manifests/1") return send(badManifest, "application/vnd.oci.image.manifest.v1+json");
      if (url === `/v2/t/bad-layer/blobs/${sha(badConfig)}`) return send(badConfig, "application/octet-stream");
      if (url === `/v2/t/bad-layer/blobs/${sha(badLayer)}`) return send(swapped, "application/octet-stream", sha(badLayer));
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }));
    });
    await new Promise<void>((r) => registry.listen(0, "127.0.0.1", r));
    host = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), "claro-klar-digest-"));
    stores = await openServerStores(join(dir, "db.sqlite"));
    clair = await buildServer({ ...stores, scanners: registeredScanners(), matchers: registeredMatchers() }, { ...DEFAULT_SERVER_CONFIG, logger: false });
    clairAddr = await clair.listen({ host: "127.0.0.1", port: 0 });
  });

  after(async () => {
    await clair.close();
    await stores.close();
    registry.closeAllConnections();
    registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const klar = (image: string): ReturnType<typeof claro> =>
    claro(["klar", image], { CLAIR_ADDR: clairAddr, CLAIR_THRESHOLD: "0", DOCKER_CONFIG: "/nonexistent/claro-test" });

  it("the image as served: analysed (exit 0, no vulnerabilities in an image without an OS)", async () => {
    fault = "none";
    const r = await klar(`${host}/t/img:1`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^Analysing 1 layers$/m);
    assert.match(r.stdout, /^Found 0 vulnerabilities$/m);
  });

  it("a manifest that does not match its Docker-Content-Digest: exit 2, DIGEST_MISMATCH naming both digests", async () => {
    fault = "manifest-header";
    const r = await klar(`${host}/t/img:1`);
    assert.equal(r.code, 2, r.stdout);
    assert.match(
      r.stderr,
      new RegExp(`^claro klar: manifest ${host}/t/img:1: content has digest sha256:[0-9a-f]{64}, expected ${sha(manifest)} \\(.*tampered`, "m"),
    );
    assert.doesNotMatch(r.stderr, /Analysing/);
    assert.equal(r.stdout, "");
  });

  it("a manifest pulled by digest whose content has another digest: exit 2", async () => {
    fault = "manifest-by-digest";
    const r = await klar(`${host}/t/img@${sha(manifest)}`);
    assert.equal(r.code, 2, r.stdout);
    assert.match(
      r.stderr,
      new RegExp(`^claro klar: manifest ${host}/t/img@${sha(manifest)}: content has digest sha256:[0-9a-f]{64}, expected ${sha(manifest)}`, "m"),
    );
  });

  it("a config blob that does not match its digest: exit 2", async () => {
    fault = "config";
    const r = await klar(`${host}/t/img:1`);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, new RegExp(`^claro klar: blob ${host}/t/img@${sha(config)}: content has digest sha256:[0-9a-f]{64}`, "m"));
  });

  it("a layer blob that does not match its digest: Clair refuses the layer and klar exits 2 naming the mismatch", async () => {
    const r = await klar(`${host}/t/bad-layer:1`);
    assert.equal(r.code, 2, r.stdout);
    assert.match(
      r.stderr,
      new RegExp(`^claro klar: Clair refused layer 1/1 \\(HTTP 422\\): .*blob has digest ${sha(swapped)}, expected ${sha(badLayer)}`, "m"),
    );
    assert.doesNotMatch(r.stdout, /Found/);
  });
});
