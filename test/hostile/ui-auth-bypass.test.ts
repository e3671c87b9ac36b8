import assert from "node:assert/strict";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { registeredMatchers, registeredScanners } from "../../src/app/engines.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../../src/server/build-server.js";
import type { ServerDeps } from "../../src/server/index-service.js";
import { openNotifier } from "../../src/server/notifier/open-notifier.js";
import type { Notifier } from "../../src/server/notifier/notifier.js";
import { guardedRoutes } from "../../src/server/route-auth.js";
import { openIndexStore } from "../../src/store/open-index-store.js";
import { openStore } from "../../src/store/open-store.js";
import { hostileDir } from "./limits.js";

// Issue 14: the /ui dashboard behind authKey, however its path is spelled. A browser asking for a
// page (Accept: text/html) is sent to the login form; nothing renders a page without the session.

const KEY = Buffer.from("claro-hostile-ui-pre-shared-key-0123456789").toString("base64");
const DIGEST = `sha256:${"a".repeat(64)}`;
let app: FastifyInstance;
let deps: ServerDeps;
let notifier: Notifier;
let port = 0;

before(async () => {
  const db = `sqlite:${join(hostileDir("ui-auth"), "claro.sqlite")}`;
  deps = { indexStore: await openIndexStore(db), advisoryStore: await openStore(db), scanners: registeredScanners(), matchers: registeredMatchers() };
  notifier = await openNotifier(deps, { db, updatePeriod: 0 });
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, auth: { key: KEY, issuers: ["clairctl"] }, notifier });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const addr = app.server.address();
  port = typeof addr === "object" && addr !== null ? addr.port : 0;
});

after(async () => {
  await app.close();
  await Promise.all([deps.indexStore.close(), deps.advisoryStore.close(), notifier.store.close()]);
});

/** A raw request: node's http client sends the path exactly as given (fetch would normalise it). */
function send(path: string, headers: Record<string, string> = {}): Promise<{ status: number; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "GET", path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const hex = (c: string): string => `%${c.charCodeAt(0).toString(16)}`;

/** The spellings a prefix check could miss, applied to a /ui path. */
function variants(path: string): string[] {
  const rest = path.slice("/ui".length);
  return [
    `/%75i${rest}`,
    `/%55I${rest}`,
    `/u%69${rest}`,
    `/${hex("u")}${hex("i")}${rest}`,
    `//ui${rest}`,
    `/UI${rest}`,
    `/Ui${rest}`,
    `/./ui${rest}`,
    `/x/../ui${rest}`,
    `/%2e/ui${rest}`,
    `/ui;x${rest}`,
    ...(rest === ""
      ? ["/ui/", "/ui/.", "/ui/./", "/ui//"]
      : [
          `/ui/.${rest}`,
          `/ui/%2e${rest}`,
          `/ui/${rest}`,
          `/ui${rest.replace(/^\/([a-z])/, (_m, c: string) => `/${hex(c)}`)}`,
          `/ui${rest}/`,
          `/ui%2f${rest.slice(1)}`,
        ]),
  ];
}

test("every /ui page is class ui except the login form, which is public", () => {
  const ui = guardedRoutes(app).filter((r) => r.url === "/ui" || r.url.startsWith("/ui/"));
  assert.ok(ui.length >= 6, `${ui.length} /ui routes`);
  for (const r of ui) assert.equal(r.cls, r.url === "/ui/login" ? "public" : "ui", `${r.method} ${r.url}`);
});

test("no /ui page renders without a session, however its path is spelled", async () => {
  const pages = guardedRoutes(app)
    .filter((r) => r.cls === "ui" && r.method === "GET")
    .map((r) => r.url.replace(":digest", DIGEST));
  let tried = 0;
  for (const path of pages) {
    for (const p of [path, ...variants(path)]) {
      tried++;
      for (const accept of ["text/html", "application/json", ""]) {
        const res = await send(p, accept === "" ? {} : { accept });
        // 303 to the login form (a browser) or 401 (anything else): the route matched and its guard
        // ran. 404: nothing matched. Anything else means a page rendered without a session.
        const ok = res.status === 404 || res.status === 401 || (res.status === 303 && accept === "text/html" && /^\/ui\/login\?next=/.test(res.location ?? ""));
        assert.ok(ok, `GET ${p} (accept ${accept || "none"}) answered ${res.status} ${res.location ?? ""}`);
        assert.doesNotMatch(res.body, /<table|Indexed manifests|Updaters<\/h1>/, `${p} leaked a page`);
      }
    }
  }
  assert.ok(tried >= 60, `only ${tried} spellings tried`);
});

test("the login form and a session cookie from it open the dashboard (the guard is not a blanket refusal)", async () => {
  const form = await send("/ui/login", { accept: "text/html" });
  assert.equal(form.status, 200);
  const login = await fetch(`http://127.0.0.1:${port}/ui/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ key: KEY, next: "/ui" }),
  });
  assert.equal(login.status, 303);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  assert.equal((await send("/ui", { accept: "text/html", cookie })).status, 200);
  assert.equal((await send("/%75i", { accept: "text/html", cookie })).status, 200, "the decoded spelling reaches the same guarded route");
  // A cookie that is not the server's signature is no session.
  assert.equal((await send("/ui", { cookie: "claro_ui=v1.9999999999.forged" })).status, 401);
});
