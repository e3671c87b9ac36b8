import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { pack } from "tar-stream";
import { registeredMatchers, registeredScanners } from "../../src/cli/pipeline.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../../src/server/build-server.js";
import type { ServerDeps } from "../../src/server/index-service.js";
import { openIndexStore } from "../../src/store/open-index-store.js";
import { openStore } from "../../src/store/open-store.js";
import { openV2LayerStore } from "../../src/store/open-side-stores.js";
import { hostileDir } from "./limits.js";

// Issue 9 §7: 200 concurrent POST /v1/layers opened 200 layer downloads at once. All index work
// now goes through one pool: `concurrency` downloads, `queueLimit` more waiting, 503 past that.

const CONCURRENCY = 2;
const QUEUE_LIMIT = 3;
const TOTAL = 12;

/** A layer server that holds every response open until released, counting open downloads. */
class HeldLayers {
  readonly changed = new EventEmitter();
  open = 0;
  maxOpen = 0;
  served = 0;
  private released = false;
  private readonly held: ServerResponse[] = [];
  private readonly server: Server;
  port = 0;

  constructor(private readonly layer: Buffer) {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      this.open += 1;
      this.maxOpen = Math.max(this.maxOpen, this.open);
      res.on("close", () => {
        this.open -= 1;
        this.changed.emit("change");
      });
      if (this.released) this.serve(res);
      else this.held.push(res);
      this.changed.emit("change");
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const addr = this.server.address();
    this.port = typeof addr === "object" && addr !== null ? addr.port : 0;
  }

  release(): void {
    this.released = true;
    for (const res of this.held.splice(0)) this.serve(res);
  }

  private serve(res: ServerResponse): void {
    this.served += 1;
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": this.layer.length, connection: "close" });
    res.end(this.layer);
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A small gzip layer with one file: enough to be read and stored (a layer without an OS is kept). */
async function tinyLayer(): Promise<Buffer> {
  const p = pack();
  p.entry({ name: "etc/motd", mode: 0o644 }, "held layer\n");
  p.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of p) parts.push(chunk as Buffer);
  return gzipSync(Buffer.concat(parts));
}

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly retryAfter: string | undefined;
  readonly text: string;
}

let app: FastifyInstance;
let deps: ServerDeps;
let layers: HeldLayers;
let port = 0;

before(async () => {
  const db = `sqlite:${join(hostileDir("pool"), "claro.sqlite")}`;
  deps = {
    indexStore: await openIndexStore(db),
    advisoryStore: await openStore(db),
    v2Layers: openV2LayerStore(db),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, indexPool: { concurrency: CONCURRENCY, queueLimit: QUEUE_LIMIT } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  port = typeof addr === "object" && addr !== null ? addr.port : 0;
  layers = new HeldLayers(await tinyLayer());
  await layers.listen();
});

after(async () => {
  await layers.close();
  await app.close();
  await Promise.all([deps.indexStore.close(), deps.advisoryStore.close(), deps.v2Layers?.close()]);
});

function send(method: string, path: string, body: unknown, type = "application/json"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers: { "content-type": type } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (d: string) => (text += d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), retryAfter: res.headers["retry-after"], text }),
      );
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

const postLayer = (i: number): Promise<Answer> =>
  send("POST", "/v1/layers", { Layer: { Name: `held-layer-${i}`, Path: `http://127.0.0.1:${layers.port}/layers/${i}`, Format: "Docker" } });

/** Resolves once `pred` holds, re-checked on every change at the layer server or the client. */
function until(changed: EventEmitter, pred: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (!pred()) return;
      changed.off("change", check);
      resolve();
    };
    changed.on("change", check);
    check();
  });
}

test(
  "concurrent POST /v1/layers: at most `concurrency` downloads open, the queue limit admitted, the rest 503 with Retry-After; the admitted finish",
  { timeout: 60_000 },
  async () => {
    const refused: Answer[] = [];
    const answers = Array.from({ length: TOTAL }, (_, i) =>
      postLayer(i).then((a) => {
        if (a.status === 503) refused.push(a);
        layers.changed.emit("change");
        return a;
      }),
    );
    const expectRefused = TOTAL - CONCURRENCY - QUEUE_LIMIT;
    // Either the pool holds (CONCURRENCY open, the rest refused) or it does not (more open): no timing.
    await until(layers.changed, () => layers.open > CONCURRENCY || (layers.open === CONCURRENCY && refused.length === expectRefused));
    assert.ok(layers.maxOpen <= CONCURRENCY, `${layers.maxOpen} layer downloads were open at once (limit ${CONCURRENCY})`);
    assert.equal(refused.length, expectRefused);
    for (const a of refused) {
      assert.match(a.type, /^application\/json;charset=utf-8$/);
      assert.ok(a.retryAfter !== undefined && /^\d+$/.test(a.retryAfter), `Retry-After: ${a.retryAfter}`);
      const body = JSON.parse(a.text) as { Error?: { Message?: unknown } };
      assert.equal(typeof body.Error?.Message, "string", a.text);
    }

    // The pool is full: the other index paths are refused too, each in its own format.
    const v4 = await send("POST", "/indexer/api/v1/index_report", {
      hash: `sha256:${"b".repeat(64)}`,
      layers: [{ hash: `sha256:${"c".repeat(64)}`, uri: `http://127.0.0.1:${layers.port}/v4` }],
    });
    assert.equal(v4.status, 503, v4.text);
    assert.ok(v4.retryAfter !== undefined);
    assert.match(v4.type, /^application\/vnd\.clair\.error\.v1\+json/);
    assert.equal(typeof (JSON.parse(v4.text) as { message?: unknown }).message, "string");
    const harbor = await send(
      "POST",
      "/api/v1/scan",
      { registry: { url: `http://127.0.0.1:${layers.port}` }, artifact: { repository: "library/held", digest: `sha256:${"d".repeat(64)}` } },
      "application/vnd.scanner.adapter.scan.request+json; version=1.1",
    );
    assert.equal(harbor.status, 503, harbor.text);
    assert.ok(harbor.retryAfter !== undefined);
    assert.equal(harbor.type, "application/vnd.scanner.adapter.error+json; version=1.0");
    assert.equal(typeof (JSON.parse(harbor.text) as { error?: { message?: unknown } }).error?.message, "string");
    assert.ok(layers.maxOpen <= CONCURRENCY);

    layers.release();
    const done = await Promise.all(answers);
    const admitted = done.filter((a) => a.status !== 503);
    assert.equal(admitted.length, CONCURRENCY + QUEUE_LIMIT);
    for (const a of admitted) assert.equal(a.status, 201, a.text);
    assert.equal(layers.served, CONCURRENCY + QUEUE_LIMIT, "only admitted requests downloaded");
    assert.ok(layers.maxOpen <= CONCURRENCY, `${layers.maxOpen} layer downloads were open at once (limit ${CONCURRENCY})`);

    // Every admission was given back: a new request is admitted and indexed.
    assert.equal((await postLayer(TOTAL)).status, 201);
  },
);
