import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { artifactDir, launchChromium } from "../support/browser.js";
import { claro } from "../support/claro.js";
import { sharedPath } from "../support/shared.js";
import { renderHtml } from "../../src/report/html/html-reporter.js";
import { hostileReport } from "../../src/report/html/testdata/hostile.js";

// The HTML report of bookworm-multilayer in Debian's chromium: counts against the JSON report,
// the filters and sorting, no network, escaping, and axe-core's accessibility rules.
const image = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;
const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
const SEVERITIES = ["unknown", "negligible", "low", "medium", "high", "critical"];
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface JsonReport {
  summary: Record<string, number>;
  vulnerabilities: { severity: string; status: string; fixedVersion: string | null }[];
}

let work: string;
let htmlUrl: string;
let json: JsonReport;
let browser: Browser;
let closeBrowser: () => Promise<void>;
const artifacts = artifactDir();

before(async () => {
  work = mkdtempSync(join(tmpdir(), "claro-html-"));
  const db = `sqlite:${join(work, "db.sqlite")}`;
  const u = await claro(["db", "update", "--db", db, "--source", `debian=${feed}`, "--only", "debian"]);
  assert.equal(u.code, 0, u.stderr);
  const html = join(work, "r.html");
  const h = await claro(["scan", "-q", "--format", "html", "-o", html, "--db", db, image]);
  assert.equal(h.code, 0, h.stderr);
  const j = await claro(["scan", "-q", "--format", "json", "--db", db, image]);
  assert.equal(j.code, 0, j.stderr);
  json = JSON.parse(j.stdout) as JsonReport;
  htmlUrl = pathToFileURL(html).href;
  ({ browser, close: closeBrowser } = await launchChromium());
});
after(async () => {
  await closeBrowser?.();
  rmSync(work, { recursive: true, force: true });
});

/** Every request the page makes other than its own file is a failure: the report must be self-contained. */
async function openOffline(page: Page, url: string): Promise<string[]> {
  const outside: string[] = [];
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u.startsWith("file:")) return route.continue();
    outside.push(u);
    return route.abort();
  });
  await page.goto(url);
  return outside;
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: { id: string; impact: string | null; nodes: unknown[] }[];
  };
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

const visibleRanks = (page: Page): Promise<number[]> =>
  page.$$eval("#findings-table tbody tr:not([hidden])", (rows) => rows.map((r) => Number(r.getAttribute("data-rank"))));

test("bookworm-multilayer HTML report: counts, filters and sorting in chromium, offline", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const outside = await openOffline(page, htmlUrl);
  assert.deepEqual(outside, [], "the page fetched nothing");

  for (const s of SEVERITIES) {
    const card = page.locator(`[data-severity-count="${s}"] strong`);
    if ((json.summary[s] ?? 0) === 0 && (await card.count()) === 0) continue;
    assert.equal(Number(await card.textContent()), json.summary[s], `${s} count`);
  }
  assert.equal(await page.locator("#findings-table tbody tr").count(), json.vulnerabilities.length);
  await page.screenshot({ path: join(artifacts, "html-report-desktop.png"), fullPage: false });

  // Fixable, HIGH and above.
  await page.selectOption("select[data-filter='data-rank']", { label: "HIGH and above" });
  await page.check("input[data-filter='data-fixable']");
  const want = json.vulnerabilities.filter((v) => SEVERITIES.indexOf(v.severity) >= 4 && v.status === "fixed" && v.fixedVersion !== null).length;
  assert.ok(want > 0);
  const ranks = await visibleRanks(page);
  assert.equal(ranks.length, want);
  assert.ok(ranks.every((r) => r >= 4));
  assert.equal(await page.locator("#findings-table-status").textContent(), `Showing ${want} of ${json.vulnerabilities.length} findings.`);
  await page.locator("#findings").screenshot({ path: join(artifacts, "html-report-filtered.png") });

  // Sort by severity: the first click puts the most severe first; the second reverses.
  await page.uncheck("input[data-filter='data-fixable']");
  await page.selectOption("select[data-filter='data-rank']", { label: "All" });
  await page.click("#findings-table thead th:first-child button");
  assert.equal(await page.getAttribute("#findings-table thead th:first-child", "aria-sort"), "descending");
  const down = await visibleRanks(page);
  assert.deepEqual(
    down,
    [...down].sort((a, b) => b - a),
  );
  await page.click("#findings-table thead th:first-child button");
  const up = await visibleRanks(page);
  assert.deepEqual(
    up,
    [...up].sort((a, b) => a - b),
  );
  assert.ok(up[0]! < up[up.length - 1]!, "the image has findings of more than one severity");

  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: join(artifacts, "html-report-print.pdf"), format: "A4" });
  assert.deepEqual(errors, [], "no script or CSP errors");
  await context.close();
});

test("at 375 px the report reads as stacked cards, and axe finds no serious violations at either width", async () => {
  for (const width of [1280, 375]) {
    // axe is injected, which the page's own Content-Security-Policy would refuse.
    const context = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await openOffline(page, htmlUrl);
    if (width === 375) {
      const scrollWidth = Number(await page.evaluate("document.documentElement.scrollWidth"));
      assert.ok(scrollWidth <= 375, `no horizontal scrolling at 375 px (page is ${scrollWidth} px wide)`);
      await page.screenshot({ path: join(artifacts, "html-report-375.png"), fullPage: false });
      await page.locator("#layers").screenshot({ path: join(artifacts, "html-report-375-layers.png") });
    } else {
      await page.locator("#layers").screenshot({ path: join(artifacts, "html-report-layers.png") });
      await page.locator("#remediation").screenshot({ path: join(artifacts, "html-report-remediation.png") });
    }
    assert.deepEqual(await seriousViolations(page), [], `axe at ${width} px`);
    await context.close();
  }
});

test("without JavaScript every finding shows in a static table and the filters stay hidden", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await openOffline(page, htmlUrl);
  assert.equal(await page.locator("#findings-table tbody tr:visible").count(), json.vulnerabilities.length);
  assert.equal(await page.locator("form.filters").first().isVisible(), false);
  await context.close();
});

test("hostile package names, descriptions and links stay text: nothing runs, no element is injected", async () => {
  const file = join(work, "hostile.html");
  writeFileSync(file, renderHtml(hostileReport));
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openOffline(page, pathToFileURL(file).href);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.locator("img").count(), 0);
  assert.equal(await page.locator("script").count(), 2, "only the page's own data and script elements");
  assert.equal(await page.locator("a[href^='javascript']").count(), 0);
  assert.ok((await page.locator("#findings-table").textContent())?.includes("<script>alert(1)</script>"), "the name is shown as text");
  const data = JSON.parse((await page.locator("#claro-data").textContent()) ?? "") as { packages: { name: string }[] };
  assert.ok(
    data.packages.some((p) => p.name === "<script>alert(1)</script>"),
    "the embedded JSON round-trips",
  );
  await page.screenshot({ path: join(artifacts, "html-report-hostile.png") });
  await context.close();
});
