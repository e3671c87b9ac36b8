import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { signPsk } from "../../src/server/jwt.js";
import { HOSTILE_MANIFEST, HOSTILE_NAME, hostileIndex, writeHostileOsv } from "../../src/server/ui/testdata/hostile-dashboard.js";
import { openIndexStore } from "../../src/store/open-index-store.js";
import { clairManifest, startServe, type ServeInstance } from "../integration/serve-cluster-support.js";
import { artifactDir, launchChromium } from "../support/browser.js";
import { claro } from "../support/claro.js";
import { ensureRegistry } from "../support/registry.js";
import { sharedPath } from "../support/shared.js";

// Issue 14 items 4 and 5: the /ui dashboard of a real `claro serve` in Debian's chromium. Two
// bookworm manifests indexed through the Clair v4 API from the loopback registry; the numbers on
// the pages are checked against the JSON API, and axe finds no serious violations.
const KEY = Buffer.from("claro-ui-browser-pre-shared-key-0123456789").toString("base64");
const ISSUER = "claro-ui-test";
const SEVERITIES = ["critical", "high", "medium", "low", "negligible", "unknown"] as const;
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const artifacts = artifactDir();

interface ApiCounts {
  readonly total: number;
  readonly bySeverity: Record<string, number>;
  /** `CVE package` pairs: what the diff keys on for deb packages (one status file). */
  readonly pairs: Set<string>;
}

let work: string;
let serve: ServeInstance;
let browser: Browser;
let closeBrowser: () => Promise<void>;
const digests: Record<"minbase" | "multilayer", string> = { minbase: "", multilayer: "" };
const api: Record<string, ApiCounts> = {};

const bearer = async (): Promise<string> => `Bearer ${await signPsk({ iss: ISSUER, exp: Math.floor(Date.now() / 1000) + 600 }, KEY)}`;

/** One finding per (package, vulnerability) pair of the Clair v4 report, as claro's findings are. */
async function apiCounts(digest: string): Promise<ApiCounts> {
  const res = await fetch(`${serve.base}/matcher/api/v1/vulnerability_report/${digest}`, { headers: { authorization: await bearer() } });
  assert.equal(res.status, 201, await res.clone().text());
  const r = (await res.json()) as {
    packages: Record<string, { name: string }>;
    vulnerabilities: Record<string, { name: string; normalized_severity: string }>;
    package_vulnerabilities: Record<string, string[]>;
  };
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  const pairs = new Set<string>();
  let total = 0;
  for (const [pkg, ids] of Object.entries(r.package_vulnerabilities)) {
    for (const id of ids) {
      const v = r.vulnerabilities[id]!;
      bySeverity[v.normalized_severity.toLowerCase()]! += 1;
      pairs.add(`${v.name} ${r.packages[pkg]!.name}`);
      total++;
    }
  }
  return { total, bySeverity, pairs };
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "claro-ui-browser-"));
  const db = `sqlite:${join(work, "claro.sqlite")}`;
  const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
  for (const args of [
    ["--only", "debian", "--source", `debian=${feed}`],
    ["--only", "npm", "--source", `npm=${writeHostileOsv(join(work, "osv"))}`],
  ]) {
    const u = await claro(["db", "update", "-q", "--db", db, ...args]);
    assert.equal(u.code, 0, u.stderr);
  }
  // The hostile record is written to the store as an image with such names would leave it.
  const store = await openIndexStore(db);
  await store.save(hostileIndex());
  await store.close();
  const registry = await ensureRegistry({ auth: "token" }, 5000);
  serve = await startServe("ui", db, { CLARO_AUTH_KEY: KEY, CLARO_AUTH_ISSUERS: ISSUER, CLARO_LOG_LEVEL: "warn" });
  for (const ref of ["bookworm-minbase", "bookworm-multilayer"] as const) {
    const m = await clairManifest(registry, "test/debian-bookworm", ref);
    const res = await fetch(`${serve.base}/indexer/api/v1/index_report`, {
      method: "POST",
      headers: { "content-type": "application/vnd.clair.manifest.v1+json", authorization: await bearer() },
      body: JSON.stringify(m),
    });
    assert.equal(res.status, 201, await res.text());
    digests[ref.slice("bookworm-".length) as "minbase" | "multilayer"] = m.hash;
    api[m.hash] = await apiCounts(m.hash);
  }
  ({ browser, close: closeBrowser } = await launchChromium());
});

after(async () => {
  await closeBrowser?.();
  if (serve?.child.exitCode === null) serve.child.kill("SIGTERM");
  await serve?.exited;
  rmSync(work, { recursive: true, force: true });
});

async function seriousViolations(context: BrowserContext, url: string, narrow = false): Promise<string[]> {
  const page = await context.newPage();
  await page.goto(url);
  if (narrow) {
    const width = Number(await page.evaluate("document.documentElement.scrollWidth"));
    assert.ok(width <= 375, `${url}: no horizontal scrolling at 375 px (page is ${width} px wide)`);
  }
  await page.evaluate(axeSource);
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: { id: string; impact: string | null; nodes: unknown[] }[];
  };
  await page.close();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

/** Signs in through the form, as a person would, and returns on the page asked for. */
async function signIn(page: Page, path: string): Promise<void> {
  await page.goto(`${serve.base}${path}`);
  assert.match(page.url(), /\/ui\/login\?next=/, "a page without a session goes to the login form");
  await page.fill("#key", KEY);
  await Promise.all([page.waitForURL(`${serve.base}${path}`), page.click("form.login button[type=submit]")]);
}

test("/ui of a running claro serve: the manifest list, one manifest and the diff agree with the JSON API", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const outside: string[] = [];
  await page.route("**/*", (route) => (route.request().url().startsWith(serve.base) ? route.continue() : (outside.push(route.request().url()), route.abort())));

  await signIn(page, "/ui");
  const cookie = (await context.cookies()).find((c) => c.name === "claro_ui");
  assert.ok(cookie && cookie.httpOnly && cookie.sameSite === "Strict" && cookie.path === "/ui", JSON.stringify(cookie));
  // The list: both manifests (and the hostile record), each row's counts as the API's.
  for (const d of [digests.minbase, digests.multilayer]) {
    const row = page.locator(`#manifests-table tr[data-manifest="${d}"]`);
    assert.equal(await row.count(), 1, d);
    for (const s of SEVERITIES)
      assert.equal(Number(await row.locator(`td[data-label="${s[0]!.toUpperCase()}${s.slice(1)}"]`).textContent()), api[d]!.bySeverity[s], `${d} ${s}`);
  }
  assert.ok(api[digests.multilayer]!.total > api[digests.minbase]!.total, "multilayer adds findings");
  await page.screenshot({ path: join(artifacts, "ui-manifests.png") });
  // Search narrows the list without script (a GET form).
  await page.fill("#q", digests.minbase.slice(7, 19));
  await Promise.all([page.waitForURL(/\/ui\?q=/), page.click("form.search button[type=submit]")]);
  assert.deepEqual(await page.$$eval("#manifests-table tbody tr", (rows) => rows.map((r) => r.getAttribute("data-manifest"))), [digests.minbase]);

  // One manifest: the HTML report's views from the stored report.
  await page.click(`a[href="/ui/manifests/${digests.minbase}"]`);
  await page.goto(`${serve.base}/ui/manifests/${digests.multilayer}`);
  const want = api[digests.multilayer]!;
  assert.equal(await page.locator("#findings-table tbody tr").count(), want.total);
  for (const s of SEVERITIES) {
    const card = page.locator(`[data-severity-count="${s}"] strong`);
    if (want.bySeverity[s] === 0 && (await card.count()) === 0) continue;
    assert.equal(Number(await card.textContent()), want.bySeverity[s], `multilayer ${s}`);
  }
  for (const id of ["summary", "findings", "layers", "remediation"]) assert.equal(await page.locator(`section#${id}`).count(), 1, id);
  await page.screenshot({ path: join(artifacts, "ui-manifest.png") });
  await page.locator("#layers").screenshot({ path: join(artifacts, "ui-manifest-layers.png") });

  // The diff, reached from the manifest page's form: minbase → multilayer.
  await page.goto(`${serve.base}/ui/manifests/${digests.minbase}`);
  await page.selectOption("#diff-to", digests.multilayer);
  await Promise.all([page.waitForURL(/\/ui\/diff\?from=/), page.click("form.search button[type=submit]")]);
  const [oldPairs, newPairs] = [api[digests.minbase]!.pairs, api[digests.multilayer]!.pairs];
  const introduced = [...newPairs].filter((p) => !oldPairs.has(p)).length;
  const fixed = [...oldPairs].filter((p) => !newPairs.has(p)).length;
  assert.ok(introduced > 0);
  const card = async (label: string): Promise<number> => Number(await page.locator(`#summary .cards li:has-text("${label}") strong`).first().textContent());
  assert.equal(await card("Introduced"), introduced);
  assert.equal(await card("Fixed"), fixed);
  assert.equal(await card("Unchanged"), [...newPairs].filter((p) => oldPairs.has(p)).length);
  assert.equal(await page.locator("#introduced-table tbody tr").count(), introduced);
  await page.screenshot({ path: join(artifacts, "ui-diff.png") });

  await page.goto(`${serve.base}/ui/updaters`);
  const debian = page.locator('#updaters-table tr[data-updater="debian"]');
  assert.equal(await debian.getAttribute("data-outcome"), "changed");
  await page.screenshot({ path: join(artifacts, "ui-updaters.png") });
  await page.goto(`${serve.base}/ui/notifications`);
  assert.equal(await page.locator("h1").textContent(), "Notifications");

  assert.deepEqual(outside, [], "the pages fetched nothing from elsewhere");
  assert.deepEqual(errors, [], "no script or CSP errors: the hashed script and styles are the only ones, and allowed");

  // axe runs injected, which the pages' CSP would refuse; the session cookie comes along. At 375 px
  // (a phone) the tables turn into cards and nothing scrolls sideways.
  for (const width of [1280, 375]) {
    const axe = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
    await axe.addCookies(await context.cookies());
    for (const path of [
      "/ui",
      `/ui/manifests/${digests.multilayer}`,
      `/ui/diff?from=${digests.minbase}&to=${digests.multilayer}`,
      "/ui/updaters",
      "/ui/notifications",
    ]) {
      assert.deepEqual(await seriousViolations(axe, `${serve.base}${path}`, width === 375), [], `axe on ${path} at ${width} px`);
    }
    if (width === 375) {
      const phone = await axe.newPage();
      await phone.goto(`${serve.base}/ui`);
      await phone.screenshot({ path: join(artifacts, "ui-manifests-375.png") });
    }
    await axe.close();
  }
  const login = await browser.newContext({ bypassCSP: true });
  assert.deepEqual(await seriousViolations(login, `${serve.base}/ui/login`), [], "axe on the login form");
  await Promise.all([login.close(), context.close()]);
});

test("hostile feed and package data on a served page stay text in chromium: nothing runs, no element is injected", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page, `/ui/manifests/${HOSTILE_MANIFEST}`);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.locator("#injected").count(), 0, "the package name's <b id=injected> is not an element");
  assert.equal(await page.locator("img").count(), 0);
  assert.equal(await page.locator("script").count(), 1, "only the page's own script");
  assert.equal(await page.locator("a[href^='javascript']").count(), 0);
  assert.ok((await page.locator("#findings-table").textContent())?.includes(HOSTILE_NAME), "the name is shown as text");
  await page.screenshot({ path: join(artifacts, "ui-hostile.png") });
  await context.close();
});
