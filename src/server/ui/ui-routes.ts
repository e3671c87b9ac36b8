import fastifyCookie from "@fastify/cookie";
import type { FastifyInstance } from "fastify";
import type { Digest } from "../../core/digest.js";
import type { VersionOrder } from "../../contracts/reporter.js";
import { diffReports } from "../../report/diff.js";
import { naturalVersionOrder } from "../../report/remediation.js";
import { DIFF_NAV, diffSections } from "../../report/html/diff-html.js";
import { esc } from "../../report/html/escape.js";
import type { ServerDeps } from "../index-service.js";
import type { PskAuth } from "../jwt.js";
import type { Notifier } from "../notifier/notifier.js";
import { cachedGeneration } from "../response-cache.js";
import { registerUiLogin } from "./ui-login.js";
import { manifestListPage, manifestPage, PAGE_SIZE } from "./ui-manifests.js";
import { messagePage, sendPage, uiPage } from "./ui-page.js";
import { CountCache, finishedIndex, storedVulnerabilityReport } from "./ui-report.js";
import { notificationsPage, updatersPage } from "./ui-status.js";

export interface UiOptions {
  /** The Clair PSK: when set, the dashboard needs the key (login form or bearer token). */
  readonly auth: PskAuth | null;
  readonly notifier?: Notifier | undefined;
  /** Each ecosystem's version order (remediation's minimal fixed version, diff's upgrade/downgrade). */
  readonly versionOrder?: VersionOrder | undefined;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const NOTIFICATIONS_SHOWN = 50;
/** Manifests offered in the diff pickers: the newest ones; others are reached by their URL. */
const PICKER_SIZE = 200;

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * The read-only dashboard (issue 14): server-rendered pages under /ui, in their own fastify
 * context so the cookie and form parsers touch no other route. Every route is class `ui` (or
 * `public` for the login form) in route-auth.ts, so its guard is attached by installRouteGuards.
 */
export async function registerUiRoutes(app: FastifyInstance, deps: ServerDeps, options: UiOptions): Promise<void> {
  const order = options.versionOrder ?? naturalVersionOrder;
  const generation = cachedGeneration(() => deps.advisoryStore.generation());
  const counts = new CountCache();
  const finishedDigests = async (): Promise<Digest[]> =>
    (await deps.indexStore.summaries("", 0, PICKER_SIZE)).rows.filter((r) => r.state === "IndexFinished").map((r) => r.manifest);

  await app.register(async (ui) => {
    if (options.auth !== null) await ui.register(fastifyCookie, { secret: options.auth.key });
    registerUiLogin(ui, options.auth);

    ui.get<{ Querystring: { q?: string; page?: string } }>("/ui", { schema: { hide: true } }, async (req, reply) => {
      const q = text(req.query.q).trim().slice(0, 200);
      const pageNo = Math.max(1, Math.min(1_000_000, Number.parseInt(text(req.query.page), 10) || 1));
      const page = await deps.indexStore.summaries(q, (pageNo - 1) * PAGE_SIZE, PAGE_SIZE);
      const gen = await generation();
      const rows = [];
      for (const summary of page.rows) {
        const c = summary.state === "IndexFinished" ? await counts.counts(deps, summary.manifest, `${summary.updatedAt}|${gen}`) : null;
        rows.push({ summary, counts: c });
      }
      return sendPage(reply, manifestListPage(page, rows, q, pageNo));
    });

    ui.get<{ Params: { digest: string } }>("/ui/manifests/:digest", { schema: { hide: true } }, async (req, reply) => {
      const digest = req.params.digest;
      if (!DIGEST.test(digest))
        return sendPage(reply, messagePage("Not a manifest digest", "manifests", "A manifest is named by sha256: and 64 hexadecimal digits."), 404);
      const stored = await finishedIndex(deps, digest as Digest);
      if (stored === null) {
        const any = await deps.indexStore.stamp(digest as Digest);
        const why =
          any === null
            ? `Manifest ${digest} is not indexed.`
            : any.state === "IndexError"
              ? `Indexing manifest ${digest} failed: ${(await deps.indexStore.get(digest as Digest))?.error ?? "no reason recorded"}. Nothing was analysed.`
              : `Manifest ${digest} is still being indexed (${any.state}); nothing is analysed yet.`;
        return sendPage(reply, messagePage("No report", "manifests", why), 404);
      }
      const report = await storedVulnerabilityReport(deps, stored);
      return sendPage(reply, manifestPage(report, stored.manifest, await finishedDigests(), order));
    });

    ui.get<{ Querystring: { from?: string; to?: string } }>("/ui/diff", { schema: { hide: true } }, async (req, reply) => {
      const [from, to] = [text(req.query.from), text(req.query.to)];
      if (from === "" || to === "") return sendPage(reply, diffPickerPage(await finishedDigests(), from, to));
      if (!DIGEST.test(from) || !DIGEST.test(to))
        return sendPage(reply, messagePage("Not a manifest digest", "diff", "from and to are manifest digests: sha256: and 64 hexadecimal digits."), 400);
      const [a, b] = await Promise.all([finishedIndex(deps, from as Digest), finishedIndex(deps, to as Digest)]);
      const missing = [a === null ? from : null, b === null ? to : null].filter((d) => d !== null);
      if (a === null || b === null)
        return sendPage(reply, messagePage("No report", "diff", `No finished report for ${missing.join(" and ")}: the diff needs both.`), 404);
      const diff = diffReports(await storedVulnerabilityReport(deps, a), await storedVulnerabilityReport(deps, b), order);
      return sendPage(
        reply,
        uiPage({
          title: `Diff ${from.slice(0, 19)}… → ${to.slice(0, 19)}…`,
          section: "diff",
          subtitle: esc(`${diff.introduced.length} introduced, ${diff.fixed.length} fixed, ${diff.unchanged.length} unchanged`),
          nav: DIFF_NAV,
          body: diffSections(diff),
        }),
      );
    });

    ui.get("/ui/notifications", { schema: { hide: true } }, async (_req, reply) => {
      const list = options.notifier === undefined ? null : await options.notifier.store.recentNotifications(NOTIFICATIONS_SHOWN);
      return sendPage(reply, notificationsPage(list, NOTIFICATIONS_SHOWN, Date.now()));
    });

    ui.get("/ui/updaters", { schema: { hide: true } }, async (_req, reply) => {
      const ready = await Promise.all([deps.indexStore.ping(), deps.advisoryStore.countAdvisories()]).then(
        () => ({ ok: true, message: "" }),
        (e: unknown) => ({ ok: false, message: e instanceof Error ? e.message : String(e) }),
      );
      const [status, operations] = await Promise.all([
        deps.advisoryStore.status(),
        options.notifier === undefined ? null : options.notifier.store.operations(),
      ]);
      return sendPage(reply, updatersPage(status, operations, ready, Date.now()));
    });
  });
}

/** /ui/diff without both digests: two pickers over the finished manifests (a GET form, no script needed). */
function diffPickerPage(digests: readonly Digest[], from: string, to: string): string {
  const select = (id: string, name: string, label: string, chosen: string, fallback: number): string => {
    const options = digests
      .map((d, i) => `<option value="${esc(d)}"${(chosen === "" ? i === fallback : d === chosen) ? " selected" : ""}>${esc(d)}</option>`)
      .join("");
    return `<label for="${id}">${label}<select id="${id}" name="${name}">${options}</select></label>`;
  };
  const body =
    digests.length < 2
      ? "<p>A diff needs two manifests with finished reports; index another one first.</p>"
      : `<form class="search" method="get" action="/ui/diff">${select("diff-from", "from", "Old (from)", from, 1)}${select("diff-to", "to", "New (to)", to, 0)}<button type="submit">Diff</button></form>`;
  return uiPage({ title: "Diff two manifests", section: "diff", subtitle: "Findings fixed and introduced, and packages added, removed and changed.", body });
}
