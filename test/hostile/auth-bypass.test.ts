import assert from "node:assert/strict";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../../src/cli/pipeline.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../../src/server/build-server.js";
import type { ServerDeps } from "../../src/server/index-service.js";
import { signPsk } from "../../src/server/jwt.js";
import { openNotifier } from "../../src/server/notifier/open-notifier.js";
import type { Notifier } from "../../src/server/notifier/notifier.js";
import { guardedRoutes, type GuardedRoute } from "../../src/server/route-auth.js";
import { openIndexStore } from "../../src/store/open-index-store.js";
import { openStore } from "../../src/store/open-store.js";
import { hostileDir } from "./limits.js";

// Issue 9 §1: the PSK check looked at the raw URL while the router matched the decoded one, so
// `/%69ndexer/…` walked past it. Every registered route, every spelling of its path.

const KEY = Buffer.from("claro-hostile-pre-shared-key-0123456789").toString("base64");
const HARBOR = "Bearer harbor-token-0123456789";
const DIGEST = `sha256:${"a".repeat(64)}`;
let app: FastifyInstance;
let deps: ServerDeps;
let notifier: Notifier;
let port = 0;

before(async () => {
  const db = `sqlite:${join(hostileDir("auth"), "claro.sqlite")}`;
  deps = { indexStore: await openIndexStore(db), advisoryStore: await openStore(db), scanners: registeredScanners(), matchers: registeredMatchers() };
  notifier = await openNotifier(deps, { db, updatePeriod: 0 });
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, auth: { key: KEY, issuers: ["clairctl"] }, harborAuth: HARBOR, notifier });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  port = typeof addr === "object" && addr !== null ? addr.port : 0;
});

after(async () => {
  await app.close();
  await Promise.all([deps.indexStore.close(), deps.advisoryStore.close(), notifier.store.close()]);
});

/** A raw request: node's http client sends the path exactly as given (fetch would normalise it). */
function send(method: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = method === "GET" || method === "HEAD" || method === "DELETE" ? undefined : "{}";
    const req = request({ host: "127.0.0.1", port, method, path, headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function concrete(url: string): string {
  return url.replace(/:digest|:manifest/g, DIGEST).replace(/:[A-Za-z_]+/g, "x");
}

const hex = (c: string, upper: boolean): string => `%${c.charCodeAt(0).toString(16)[upper ? "toUpperCase" : "toLowerCase"]()}`;

/** The spellings a URL-prefix check could miss: encoded, doubled, dotted, trailing, upper-case. */
export function variants(path: string): string[] {
  const segs = path.split("/").slice(1);
  const first = segs[0]!;
  const rest = segs.slice(1).join("/");
  const out = new Set<string>([
    `/${hex(first[0]!, false)}${first.slice(1)}/${rest}`,
    `/${hex(first[0]!, true)}${first.slice(1)}/${rest}`,
    `/${[...first].map((c) => hex(c, false)).join("")}/${rest}`,
    `/${first}/${rest.replace(/^([a-z])/, (c) => hex(c, false))}`,
    `//${first}/${rest}`,
    `/${first}//${rest}`,
    `/./${first}/${rest}`,
    `/x/../${first}/${rest}`,
    `/%2e/${first}/${rest}`,
    `/${first}/./${rest}`,
    `/${first}/%2e/${rest}`,
    `/${first}%2f${rest}`,
    `${path}/`,
    `${path}?x=1`,
    `${path}#x`,
    `/${first.toUpperCase()}/${rest}`,
    `/${first[0]!.toUpperCase()}${first.slice(1)}/${rest}`,
    path.toUpperCase(),
    `/${first};x/${rest}`,
  ]);
  return [...out];
}

test("every route fastify registered has an authentication class, and the Clair, notifier, Harbor and /ui ones are guarded", () => {
  const routes = guardedRoutes(app);
  assert.ok(routes.length >= 25, `only ${routes.length} routes registered`);
  const classes = new Set(routes.map((r) => r.cls));
  assert.deepEqual([...classes].sort(), ["clair", "harbor", "public", "ui"]);
  for (const prefix of ["/indexer/", "/matcher/", "/notifier/", "/api/v1/", "/ui/"])
    assert.ok(
      routes.some((r) => r.url.startsWith(prefix) && r.cls !== "public"),
      prefix,
    );
});

test("no protected route answers without credentials, however its path is spelled", async () => {
  const protectedRoutes: GuardedRoute[] = guardedRoutes(app).filter((r) => r.cls !== "public" && r.method !== "HEAD");
  let tried = 0;
  for (const r of protectedRoutes) {
    const path = concrete(r.url);
    assert.equal(await send(r.method, path), 401, `${r.method} ${path}`);
    for (const v of variants(path)) {
      const status = await send(r.method, v);
      tried++;
      // 401: the router matched the route and its guard ran. 404: nothing matched. Anything else
      // means a handler (or a validation step behind the guard) ran without credentials.
      assert.ok(status === 401 || status === 404, `${r.method} ${v} answered ${status} without credentials`);
    }
  }
  assert.ok(tried > 250, `only ${tried} variants tried`);
});

test("the guard lets a valid token or Harbor credential through (it is not a blanket 401)", async () => {
  const token = `Bearer ${await signPsk({ iss: "clairctl", exp: Math.floor(Date.now() / 1000) + 300 }, KEY)}`;
  assert.equal(await send("GET", "/indexer/api/v1/index_state", { authorization: token }), 200);
  assert.equal(await send("GET", "/%69ndexer/api/v1/index_state", { authorization: token }), 200);
  assert.equal(await send("GET", "/api/v1/metadata", { authorization: HARBOR }), 200);
  assert.equal(await send("GET", "/%61pi/v1/metadata"), 401);
});
