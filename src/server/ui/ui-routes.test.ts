import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { claro } from "../../../test/support/claro.js";
import type { Digest } from "../../core/digest.js";
import { registeredMatchers, registeredScanners } from "../../app/engines.js";
import { openIndexStore } from "../../store/open-index-store.js";
import { openStore } from "../../store/open-store.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../build-server.js";
import type { ServerDeps } from "../index-service.js";
import { signPsk } from "../jwt.js";
import { openNotifier } from "../notifier/open-notifier.js";
import type { Notifier } from "../notifier/notifier.js";
import { HOSTILE_MANIFEST, HOSTILE_NAME, hostileIndex, PLAIN_MANIFEST, SCRIPT, writeHostileOsv } from "./testdata/hostile-dashboard.js";
import { safeNext } from "./ui-auth.js";

// The /ui dashboard in process (issue 14): its authentication, and escaping of hostile feed and
// image data. The real-browser test is test/e2e/ui-browser.test.ts.
const KEY = Buffer.from("claro-ui-test-pre-shared-key-0123456789").toString("base64");
const HTML = { accept: "text/html,application/xhtml+xml" };
const NOTIFICATION = randomUUID();
let dir: string;
let deps: ServerDeps;
let notifier: Notifier;
let app: FastifyInstance;
let open: FastifyInstance;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "claro-ui-"));
  const db = `sqlite:${join(dir, "claro.sqlite")}`;
  const update = await claro(["db", "update", "-q", "--db", db, "--source", `npm=${writeHostileOsv(join(dir, "osv"))}`, "--only", "npm"]);
  assert.equal(update.code, 0, update.stderr);
  deps = { indexStore: await openIndexStore(db), advisoryStore: await openStore(db), scanners: registeredScanners(), matchers: registeredMatchers() };
  notifier = await openNotifier(deps, { db, updatePeriod: 0 });
  await deps.indexStore.save(hostileIndex());
  // The same package at the fixed version: the diff shows the hostile finding as fixed.
  await deps.indexStore.save(hostileIndex(PLAIN_MANIFEST, "2.0.0"));
  await deps.indexStore.save({
    manifest: `sha256:${"0".repeat(64)}` as Digest,
    state: "IndexError",
    error: `fetch failed ${SCRIPT}`,
    indexState: "test",
    report: null,
    updatedAt: "2026-11-01T00:00:00.000Z",
  });
  // A notification naming both manifests (one added, one removed) whose webhook failed, and an
  // updater whose last run failed, both with markup where feeds and receivers put text.
  await notifier.store.createNotification(
    NOTIFICATION,
    randomUUID(),
    [
      { manifest: HOSTILE_MANIFEST, reason: "added", vulnerability: { name: SCRIPT } },
      { manifest: PLAIN_MANIFEST, reason: "removed", vulnerability: { name: SCRIPT } },
    ],
    "2026-12-01T00:00:00.000Z",
    { target: "http://127.0.0.1:9/hook", callback: `http://me/notifier/api/v1/notification/${NOTIFICATION}`, format: "clair-v4" },
  );
  await notifier.store.deferDelivery(NOTIFICATION, "2026-12-01T00:01:00.000Z", `refused ${SCRIPT}`);
  const at = new Date().toISOString();
  await deps.advisoryStore.recordRun({
    updater: "debian",
    fingerprint: null,
    startedAt: at,
    finishedAt: at,
    status: "failed",
    recordCount: 0,
    error: `feed unreachable ${SCRIPT}`,
  });
  app = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, auth: { key: KEY, issuers: ["clairctl"] }, notifier });
  open = await buildServer(deps, { ...DEFAULT_SERVER_CONFIG, logger: false, notifier });
});

after(async () => {
  await app?.close();
  await open?.close();
  await Promise.all([deps?.indexStore.close(), deps?.advisoryStore.close(), notifier?.store.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const PAGES = [
  "/ui",
  "/ui?q=eee&page=1",
  `/ui/manifests/${HOSTILE_MANIFEST}`,
  `/ui/diff?from=${HOSTILE_MANIFEST}&to=${PLAIN_MANIFEST}`,
  "/ui/diff",
  "/ui/notifications",
  "/ui/updaters",
];

async function signIn(): Promise<string> {
  const res = await app.inject({
    method: "POST",
    url: "/ui/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ key: KEY, next: "/ui/updaters" }).toString(),
  });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, "/ui/updaters");
  const set = String(res.headers["set-cookie"]);
  assert.match(set, /^claro_ui=[^;]+;/);
  for (const attr of [/; HttpOnly/i, /; SameSite=Strict/i, /; Path=\/ui(;|$)/, /; Max-Age=43200/]) assert.match(set, attr);
  return set.split(";")[0]!;
}

test("with authKey, a page without a session sends a browser to the login form and anything else gets 401", async () => {
  for (const url of PAGES) {
    const page = await app.inject({ method: "GET", url, headers: HTML });
    assert.equal(page.statusCode, 303, url);
    assert.equal(page.headers.location, `/ui/login?next=${encodeURIComponent(url)}`);
    const api = await app.inject({ method: "GET", url });
    assert.equal(api.statusCode, 401, url);
    assert.doesNotMatch(api.body, /<html/i);
  }
  const form = await app.inject({ method: "GET", url: "/ui/login?next=/ui/notifications", headers: HTML });
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /<form class="login" method="post" action="\/ui\/login">/);
  assert.match(form.body, /name="next" value="\/ui\/notifications"/);
});

test("login: a wrong key is refused, the right one sets a signed HttpOnly SameSite=Strict cookie that opens every page", async () => {
  const wrong = await app.inject({
    method: "POST",
    url: "/ui/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: `key=${encodeURIComponent(`${KEY}x`)}`,
  });
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.headers["set-cookie"], undefined);
  assert.match(wrong.body, /not this server's key/);
  const cookie = await signIn();
  for (const url of PAGES) assert.equal((await app.inject({ method: "GET", url, headers: { ...HTML, cookie } })).statusCode, 200, url);
  // The value is only an expiry; changing it breaks the signature, and a cookie signed with another key does not pass.
  const [name, value] = cookie.split("=") as [string, string];
  const forged = `${name}=${decodeURIComponent(value).replace(/^v1\.\d/, "v1.9")}`;
  assert.equal((await app.inject({ method: "GET", url: "/ui", headers: { ...HTML, cookie: forged } })).statusCode, 303);
  const other = await buildServer(deps, {
    ...DEFAULT_SERVER_CONFIG,
    logger: false,
    auth: { key: Buffer.from("another-key-entirely-0123456789").toString("base64"), issuers: ["clairctl"] },
  });
  try {
    assert.equal((await other.inject({ method: "GET", url: "/ui", headers: { cookie } })).statusCode, 401, "a cookie signed with another key");
  } finally {
    await other.close();
  }
  // A script can use the Clair PSK token instead of the cookie.
  const token = await signPsk({ iss: "clairctl", exp: Math.floor(Date.now() / 1000) + 300 }, KEY);
  assert.equal((await app.inject({ method: "GET", url: "/ui/updaters", headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
  assert.equal((await app.inject({ method: "GET", url: "/ui/updaters", headers: { authorization: `Bearer ${token}x` } })).statusCode, 401);
});

test("after login the redirect stays inside /ui: no open redirect through next", async () => {
  for (const bad of [
    "https://evil.example/",
    "//evil.example/ui",
    "/ui//evil.example",
    "/\\evil.example",
    "/uix",
    "/ui\\..\\x",
    "javascript:alert(1)",
    "/ui\r\nSet-Cookie: x=1",
  ])
    assert.equal(safeNext(bad), "/ui", bad);
  for (const good of ["/ui", "/ui/updaters", `/ui/diff?from=${HOSTILE_MANIFEST}&to=${PLAIN_MANIFEST}`]) assert.equal(safeNext(good), good);
  const res = await app.inject({
    method: "POST",
    url: "/ui/login",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ key: KEY, next: "//evil.example/" }).toString(),
  });
  assert.equal(res.headers.location, "/ui");
});

test("hostile feed titles, details, links and package names are text in every page; CSP allows only hashed scripts", async () => {
  const cookie = await signIn();
  const manifest = await app.inject({ method: "GET", url: `/ui/manifests/${HOSTILE_MANIFEST}`, headers: { cookie } });
  assert.equal(manifest.statusCode, 200);
  // The finding is there, as text: the name and the feed's title, escaped.
  assert.ok(manifest.body.includes("&lt;b id=&quot;injected&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/b&gt;"), "the package name is shown escaped");
  assert.ok(manifest.body.includes("GHSA-xss0-xss0-xss0") || manifest.body.includes("CVE-2099-0001"));
  assert.ok(
    manifest.body.includes("Details &quot;&gt;&lt;img src=x onerror=alert(2)&gt; &lt;/script&gt;&lt;!-- &lt;script&gt;alert(3)&lt;/script&gt;"),
    "the advisory text is shown escaped",
  );
  assert.ok(manifest.body.includes("https://example.test/a&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), "a link with markup stays text");
  for (const url of PAGES) {
    const res = await app.inject({ method: "GET", url, headers: { cookie } });
    assert.equal(res.statusCode, 200, url);
    const body = res.body;
    assert.equal((body.match(/<script\b/gi) ?? []).length, 1, `${url}: only the page's own script element`);
    assert.doesNotMatch(body, /<img\b|<b id=|onerror=alert\(2\)>|href="javascript:/i, url);
    const csp = String(res.headers["content-security-policy"]);
    assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/, url);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, url);
    assert.match(csp, /default-src 'none'/);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
  }
  const diff = await app.inject({ method: "GET", url: `/ui/diff?from=${HOSTILE_MANIFEST}&to=${PLAIN_MANIFEST}`, headers: { cookie } });
  assert.match(diff.body, /Fixed<strong>1<\/strong>/, "the upgrade to 2.0.0 fixed the hostile finding");
  assert.ok(diff.body.includes(`${HOSTILE_NAME.replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")}`));
});

test("the manifest list: newest first, a failed index says why instead of showing zeros, search and missing manifests", async () => {
  const list = await open.inject({ method: "GET", url: "/ui" });
  assert.equal(list.statusCode, 200);
  const rows = [...list.body.matchAll(/<tr data-manifest="(sha256:[0-9a-f]{64})"/g)].map((m) => m[1]);
  assert.deepEqual(rows, [HOSTILE_MANIFEST, PLAIN_MANIFEST, `sha256:${"0".repeat(64)}`]);
  assert.match(list.body, /Index failed<\/span>: fetch failed &lt;script&gt;/);
  assert.match(list.body, /<td data-label="Critical" class="num" data-sort="1">1<\/td>/, "the hostile manifest's one critical finding");
  const searched = await open.inject({ method: "GET", url: "/ui?q=FFFF" });
  assert.deepEqual(
    [...searched.body.matchAll(/<tr data-manifest="(sha256:[0-9a-f]{64})"/g)].map((m) => m[1]),
    [PLAIN_MANIFEST],
  );
  assert.equal((await open.inject({ method: "GET", url: `/ui/manifests/sha256:${"1".repeat(64)}` })).statusCode, 404);
  assert.equal((await open.inject({ method: "GET", url: "/ui/manifests/not-a-digest" })).statusCode, 404);
  const failed = await open.inject({ method: "GET", url: `/ui/manifests/sha256:${"0".repeat(64)}` });
  assert.equal(failed.statusCode, 404);
  assert.match(failed.body, /failed: fetch failed &lt;script&gt;.*Nothing was analysed/);
  // Without authKey the dashboard is open and there is nothing to sign in to.
  assert.equal((await open.inject({ method: "GET", url: "/ui/login" })).headers.location, "/ui");
});

test("notifications and updaters pages: what the stores hold, failures and their reasons shown as text", async () => {
  const notes = await open.inject({ method: "GET", url: "/ui/notifications" });
  assert.equal(notes.statusCode, 200);
  const row = new RegExp(`<code>${NOTIFICATION}</code>.*?</tr>`, "s").exec(notes.body)?.[0] ?? "";
  assert.match(row, /data-label="Added" class="num" data-sort="1">1</);
  assert.match(row, /data-label="Removed" class="num" data-sort="1">1</);
  assert.match(row, /data-label="Manifests" class="num" data-sort="2">2</);
  assert.match(row, /not delivered<\/span> to <code>http:\/\/127\.0\.0\.1:9\/hook<\/code> after 0 attempts: refused &lt;script&gt;/);
  const updaters = await open.inject({ method: "GET", url: "/ui/updaters" });
  assert.match(updaters.body, /<tr data-updater="debian" data-outcome="failed">.*feed unreachable &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td><\/tr>/);
  assert.match(updaters.body, /<tr data-updater="osv\/npm" data-outcome="changed">.*data-label="Records" class="num" data-sort="1">1</);
  assert.match(updaters.body, /Updaters \(2; 1 failed on their last run\)/);
});
