import assert from "node:assert/strict";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../../src/cli/pipeline.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../../src/server/build-server.js";
import type { ServerDeps } from "../../src/server/index-service.js";
import { openIndexStore } from "../../src/store/open-index-store.js";
import { openStore } from "../../src/store/open-store.js";
import { openV2LayerStore } from "../../src/store/open-side-stores.js";
import { hostileDir } from "./limits.js";

// Issue 9 §14: every error on every route in its dialect's format, fastify's own errors included
// (a 5,000-character v2 layer name got a 414 in fastify's format, PUT on a route a 404).

const DIGEST = `sha256:${"a".repeat(64)}`;
const LONG = "a".repeat(5000);
const BODY_LIMIT = 4096;

type Dialect = "clair" | "clair-v2" | "harbor";
interface DialectCase {
  readonly prefix: string;
  /** A POST route taking JSON, a path with a parameter, and a GET whose store read fails. */
  readonly post: string;
  readonly param: (value: string) => string;
  readonly failing: string;
  readonly type: RegExp;
  readonly message: (body: unknown) => string | undefined;
}

const DIALECTS: Readonly<Record<Dialect, DialectCase>> = {
  clair: {
    prefix: "/indexer/api/v1",
    post: "/indexer/api/v1/index_report",
    param: (v) => `/indexer/api/v1/index_report/${v}`,
    failing: `/matcher/api/v1/vulnerability_report/${DIGEST}`,
    type: /^application\/vnd\.clair\.error\.v1\+json(; charset=utf-8)?$/,
    message: (b) => {
      const o = b as { code?: unknown; message?: unknown };
      return typeof o.message === "string" &&
        (o.code === undefined || typeof o.code === "string") &&
        Object.keys(o).every((k) => k === "code" || k === "message")
        ? o.message
        : undefined;
    },
  },
  "clair-v2": {
    prefix: "/v1",
    post: "/v1/layers",
    param: (v) => `/v1/layers/${v}`,
    failing: "/v1/namespaces",
    type: /^application\/json;charset=utf-8$/,
    message: (b) => {
      const o = b as { Error?: { Message?: unknown } };
      return Object.keys(o).length === 1 && typeof o.Error?.Message === "string" ? o.Error.Message : undefined;
    },
  },
  harbor: {
    prefix: "/api/v1",
    post: "/api/v1/scan",
    param: (v) => `/api/v1/scan/${v}/report`,
    failing: "/api/v1/metadata",
    type: /^application\/vnd\.scanner\.adapter\.error\+json; version=1\.0$/,
    message: (b) => {
      const o = b as { error?: { message?: unknown } };
      return Object.keys(o).length === 1 && typeof o.error?.message === "string" ? o.error.message : undefined;
    },
  },
};

/** A store whose named methods fail as a broken database would; everything else is the real store. */
function failing<T extends object>(target: T, methods: readonly string[]): T {
  return new Proxy(target, {
    get(t, p) {
      if (typeof p === "string" && methods.includes(p)) return () => Promise.reject(new Error(`injected ${p} failure (the database is gone)`));
      const v: unknown = Reflect.get(t, p, t);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

let app: FastifyInstance;
let deps: ServerDeps;
let port = 0;

before(async () => {
  const db = `sqlite:${join(hostileDir("errors"), "claro.sqlite")}`;
  const indexStore = await openIndexStore(db);
  const advisoryStore = await openStore(db);
  deps = {
    indexStore: failing(indexStore, ["stamp"]),
    advisoryStore: failing(advisoryStore, ["status"]),
    v2Layers: openV2LayerStore(db),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, bodyLimit: BODY_LIMIT });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  port = typeof addr === "object" && addr !== null ? addr.port : 0;
});

after(async () => {
  await app.close();
  await Promise.all([deps.indexStore.close(), deps.advisoryStore.close(), deps.v2Layers?.close()]);
});

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly allow: string | undefined;
  readonly text: string;
}

/** A raw request (node's client sends the path as given). */
function send(method: string, path: string, body?: string, type = "application/json"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers: body === undefined ? {} : { "content-type": type } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), allow: res.headers["allow"], text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function assertShape(dialect: Dialect, what: string, a: Answer, status: number): string {
  const d = DIALECTS[dialect];
  assert.equal(a.status, status, `${dialect} ${what}: status (${a.text.slice(0, 200)})`);
  assert.match(a.type, d.type, `${dialect} ${what}: content-type`);
  let body: unknown;
  assert.doesNotThrow(() => (body = JSON.parse(a.text)), `${dialect} ${what}: body is not JSON: ${a.text.slice(0, 200)}`);
  const message = d.message(body);
  assert.ok(message !== undefined && message.length > 0, `${dialect} ${what}: not the ${dialect} error shape: ${a.text.slice(0, 200)}`);
  assert.ok(message.length < 400, `${dialect} ${what}: the message echoes the request (${message.length} characters)`);
  return message;
}

for (const dialect of Object.keys(DIALECTS) as Dialect[]) {
  const d = DIALECTS[dialect];
  test(`${dialect}: every framework error is in the ${dialect} error format`, async () => {
    assertShape(dialect, "404 unknown path", await send("GET", `${d.prefix}/no-such-thing`), 404);
    assertShape(dialect, "404 unknown path under an unmatched method", await send("PATCH", `${d.prefix}/no-such-thing/at-all`), 404);

    const wrong = await send("PUT", d.post, "{}");
    assertShape(dialect, "405 PUT on a POST route", wrong, 405);
    assert.match(wrong.allow ?? "", /\bPOST\b/, `${dialect}: 405 names the allowed methods`);
    assert.doesNotMatch(wrong.allow ?? "", /\bPUT\b/);

    assertShape(dialect, "413 body over the limit", await send("POST", d.post, JSON.stringify({ pad: "x".repeat(BODY_LIMIT * 2) })), 413);
    assertShape(dialect, "414 5,000-character path parameter", await send("GET", d.param(LONG)), 414);
    assertShape(dialect, "415 text/plain", await send("POST", d.post, "hello", "text/plain"), 415);
    assertShape(dialect, "400 malformed JSON", await send("POST", d.post, "{not json"), 400);
    assertShape(dialect, "400 undecodable URL", await send("GET", d.param("%zz")), 400);

    const failed = await send("GET", d.failing);
    assertShape(dialect, "500 store failure", failed, 500);
    assert.doesNotMatch(failed.text, /injected|database is gone/, `${dialect}: a 500 does not leak the internal error`);
  });
}

test("the route's own answers are unchanged by the mapping (a real 404 from a handler, a real route's success)", async () => {
  assertShape("clair-v2", "handler 404", await send("GET", "/v1/layers/unknown-layer"), 404);
  assertShape("clair", "handler 404", await send("GET", `/indexer/api/v1/index_report/${DIGEST}`), 404);
  assert.equal((await send("GET", "/healthz")).status, 200);
  assert.equal((await send("GET", "/api/v1/metadata")).status, 500, "the failing store is what the 5xx case relies on");
});
