// Faults a real registry cannot be made to show, served by a tiny local HTTP server.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { after, describe, it } from "node:test";
import { isFatalError, type FatalCode } from "../../core/problem.js";
import { createRegistrySource, type RegistryOptions } from "./index.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const sha = (b: Buffer | string): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const LAYER = Buffer.alloc(1000, 7);
const CONFIG = Buffer.from(
  JSON.stringify({
    architecture: "amd64",
    os: "linux",
    config: {},
    rootfs: { type: "layers", diff_ids: [sha(LAYER)] },
    history: [{ created_by: "ADD layer /" }],
  }),
);
const MANIFEST = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha(CONFIG), size: CONFIG.length },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: sha(LAYER), size: LAYER.length }],
  }),
);

/** A well-behaved registry for repo `t/img` tag `1`; `override` answers first when it returns true. */
function registry(override?: (req: IncomingMessage, res: ServerResponse) => boolean): Handler {
  return (req, res) => {
    if (override?.(req, res)) return;
    const url = req.url ?? "";
    const send = (body: Buffer, type: string): void => {
      res.writeHead(200, { "content-type": type, "content-length": body.length, "docker-content-digest": sha(body) });
      res.end(body);
    };
    if (url === "/v2/t/img/manifests/1") return send(MANIFEST, "application/vnd.oci.image.manifest.v1+json");
    if (url === `/v2/t/img/blobs/${sha(CONFIG)}`) return send(CONFIG, "application/octet-stream");
    if (url === `/v2/t/img/blobs/${sha(LAYER)}`) return send(LAYER, "application/octet-stream");
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }));
  };
}

const servers: { close(): void; closeAllConnections(): void }[] = [];
after(() => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: Handler, host = "127.0.0.1"): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return (server.address() as AddressInfo).port;
}

const FAST: RegistryOptions = { dockerConfig: false, retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 3000 } };

async function resolveAt(port: number, options: RegistryOptions = FAST) {
  const source = createRegistrySource(`127.0.0.1:${port}/t/img:1`, options);
  try {
    return await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
  } finally {
    await source.close();
  }
}

function fails(code: FatalCode, ...words: string[]) {
  return (e: unknown): boolean => {
    assert.ok(isFatalError(e), `expected a FatalError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.ok(!e.message.includes("\n"), "one-line message");
    for (const w of words) assert.ok(e.message.includes(w), `'${e.message}' should mention '${w}'`);
    return true;
  };
}

describe("registry faults", () => {
  it("retries a 500 and then succeeds", async () => {
    let calls = 0;
    const port = await serve(
      registry((req, res) => {
        if (!req.url?.includes("/manifests/") || calls++ > 0) return false;
        res.writeHead(500).end("boom");
        return true;
      }),
    );
    const img = await resolveAt(port);
    assert.equal(calls, 2);
    assert.equal(img.digest, sha(MANIFEST));
    assert.equal(img.layers[0]!.createdBy, "ADD layer /");
  });

  it("honours Retry-After on a 429", async () => {
    const times: number[] = [];
    const port = await serve(
      registry((req, res) => {
        if (!req.url?.includes("/manifests/")) return false;
        times.push(Date.now());
        if (times.length > 1) return false;
        res.writeHead(429, { "retry-after": "1" }).end();
        return true;
      }),
    );
    await resolveAt(port);
    assert.equal(times.length, 2);
    assert.ok(times[1]! - times[0]! >= 950, `waited ${times[1]! - times[0]!} ms`);
  });

  it("gives up on a persistent 500 with REGISTRY_ERROR after bounded attempts", async () => {
    let calls = 0;
    const port = await serve((_req, res) => {
      calls++;
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "UNKNOWN", message: "storage down" }] }));
    });
    await assert.rejects(resolveAt(port), fails("REGISTRY_ERROR", "500", "storage down", "t/img"));
    assert.equal(calls, 3);
  });

  it("rejects a manifest whose body does not match Docker-Content-Digest", async () => {
    const port = await serve(
      registry((req, res) => {
        if (!req.url?.includes("/manifests/")) return false;
        const tampered = Buffer.from(MANIFEST.toString().replace(`"schemaVersion":2`, `"schemaVersion": 2`));
        res.writeHead(200, { "content-type": "application/vnd.oci.image.manifest.v1+json", "docker-content-digest": sha(MANIFEST) });
        res.end(tampered);
        return true;
      }),
    );
    await assert.rejects(resolveAt(port), fails("DIGEST_MISMATCH", sha(MANIFEST)));
  });

  it("rejects a config blob that does not match its digest", async () => {
    const port = await serve(
      registry((req, res) => {
        if (req.url !== `/v2/t/img/blobs/${sha(CONFIG)}`) return false;
        res.writeHead(200).end(Buffer.concat([CONFIG, Buffer.from(" ")]));
        return true;
      }),
    );
    await assert.rejects(resolveAt(port), fails("DIGEST_MISMATCH", sha(CONFIG)));
  });

  it("fails a layer stream cleanly when the connection drops mid-body", async () => {
    const port = await serve(
      registry((req, res) => {
        if (req.url !== `/v2/t/img/blobs/${sha(LAYER)}`) return false;
        res.writeHead(200, { "content-length": LAYER.length });
        res.write(LAYER.subarray(0, 100), () => setTimeout(() => res.socket?.destroy(), 20));
        return true;
      }),
    );
    const source = createRegistrySource(`127.0.0.1:${port}/t/img:1`, FAST);
    try {
      const img = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
      const stream = await source.openLayer(img.layers[0]!);
      await assert.rejects(
        async () => {
          for await (const _chunk of stream) void _chunk;
        },
        fails("NETWORK", "broke off", sha(LAYER)),
      );
    } finally {
      await source.close();
    }
  });

  it("times out on a server that never answers", async () => {
    const port = await serve(() => undefined);
    const started = Date.now();
    await assert.rejects(resolveAt(port, { ...FAST, timeouts: { headersMs: 300 } }), fails("TIMEOUT", "300 ms"));
    assert.ok(Date.now() - started < 5000);
  });

  it("follows a blob redirect to another host without the Authorization header", async () => {
    let storageAuth: string | undefined = "unset";
    const storage = await serve((req, res) => {
      storageAuth = req.headers.authorization;
      res.writeHead(200, { "content-length": LAYER.length }).end(LAYER);
    });
    const auth = `Basic ${Buffer.from("u:p").toString("base64")}`;
    const port = await serve(
      registry((req, res) => {
        if (req.headers.authorization !== auth) {
          res.writeHead(401, { "www-authenticate": 'Basic realm="fake"' }).end();
          return true;
        }
        if (req.url !== `/v2/t/img/blobs/${sha(LAYER)}`) return false;
        res.writeHead(307, { location: `http://localhost:${storage}/blob?sig=x` }).end();
        return true;
      }),
    );
    const source = createRegistrySource(`127.0.0.1:${port}/t/img:1`, { ...FAST, username: "u", password: "p" });
    try {
      const img = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
      const chunks: Buffer[] = [];
      for await (const c of await source.openLayer(img.layers[0]!)) chunks.push(c as Buffer);
      assert.equal(sha(Buffer.concat(chunks)), img.layers[0]!.digest);
      assert.equal(storageAuth, undefined);
    } finally {
      await source.close();
    }
  });

  it("uses https for a non-loopback registry, and falls back to plain http only with insecure", async (t) => {
    const ip = Object.values(networkInterfaces())
      .flat()
      .find((i) => i?.family === "IPv4" && !i.internal)?.address;
    if (ip === undefined) return t.skip("no non-loopback IPv4 address on this machine");
    const port = await serve(registry(), "0.0.0.0");
    const ref = `${ip}:${port}/t/img:1`;
    const platform = { os: "linux", architecture: "amd64" };
    const strict = createRegistrySource(ref, FAST);
    await assert.rejects(strict.resolve({ platform }), (e: unknown) => isFatalError(e) && e.code === "NETWORK" && (e.hint ?? "").includes("--insecure"));
    await strict.close();
    const insecure = createRegistrySource(ref, { ...FAST, insecure: true });
    assert.equal((await insecure.resolve({ platform })).digest, sha(MANIFEST));
    await insecure.close();
  });
});
