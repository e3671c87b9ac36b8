import { randomUUID } from "node:crypto";
import type { Matcher } from "../../contracts/matcher.js";
import type { AdvisoryStore } from "../../contracts/store.js";
import type { NotificationEntry, NotifierStore, WebhookFormat } from "../../contracts/notifier-store.js";
import type { FeedClient } from "../../contracts/updater.js";
import { runUpdates, type UpdateObserver, type UpdatePlan, type UpdateResult } from "../../updater/index.js";
import { affectedByGroup } from "./affected-manifests.js";
import type { ServerDeps } from "../index-service.js";
import type { Metrics } from "../metrics.js";
import { toVulnerabilitySummary } from "./shape.js";
import { v2Notifications } from "./clair-v2-notifier.js";
import { diffingStore, type RunDiff } from "./update-diff.js";
import { callbackUrl, deliverDue, type WebhookSettings } from "./webhook-delivery.js";

export interface NotifierOptions {
  readonly store: NotifierStore;
  readonly plans: readonly UpdatePlan[];
  readonly feedClient: FeedClient;
  /** Milliseconds between update runs; 0 runs updates only when asked (runUpdateCycle). */
  readonly updatePeriodMs: number;
  /** At most one per format: Clair v4 notifications go to the `clair-v4` target, Clair v2 ones to the `clair-v2` target. */
  readonly webhooks: readonly WebhookSettings[];
  /** Largest file read from a stored v2 layer extract when its features are rebuilt; default 256 MiB. */
  readonly maxFileSize?: number;
  /** How often due webhook deliveries are looked for. */
  readonly deliveryIntervalMs: number;
  /** Cancels in-flight feed fetches on stop, so shutdown does not wait out a slow upstream. */
  readonly abort?: AbortController;
  /**
   * `serve --db-repository`: each cycle pulls the database artifact into this store instead of
   * running the updaters (fleets that must not reach the upstream feeds).
   */
  readonly pull?: (store: AdvisoryStore) => Promise<readonly UpdateResult[]>;
}

export interface CycleResult {
  readonly results: readonly UpdateResult[];
  /** One per changed updater run whose diff affected an indexed manifest; `count` = its manifest × reason summaries. */
  readonly notifications: readonly { readonly id: string; readonly updater: string; readonly count: number }[];
  /** Clair v2 notification names: one per changed vulnerability a stored v2 layer introduces. */
  readonly v2Notifications: readonly string[];
}

interface Log {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
  error(o: object, msg: string): void;
}

/**
 * Periodic updates, their diffs, notifications for already indexed manifests (matched from the
 * stored index reports, no layer is fetched again) and webhook delivery. One per server instance;
 * instances coordinate through the store (update lock, delivery claims).
 */
export class Notifier {
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<unknown> | null = null;
  private delivering: Promise<number> | null = null;
  private metrics: Metrics | null = null;
  private log: Log | null = null;
  /** Updaters whose last run failed and was warned about: a feed down for days warns once, not every period. */
  private readonly failing = new Set<string>();

  constructor(
    private readonly deps: ServerDeps,
    readonly options: NotifierOptions,
    private readonly matchers: readonly Matcher[] = deps.matchers,
  ) {}

  get store(): NotifierStore {
    return this.options.store;
  }

  /** Starts the timers: an update now and every period (when > 0), deliveries every interval. */
  start(metrics: Metrics, log: Log): void {
    this.metrics = metrics;
    this.log = log;
    if (this.options.updatePeriodMs > 0) {
      const tick = (): void =>
        void this.runUpdateCycle().then(
          (r) => r === null && log.info({}, "update run skipped: another instance holds the update lock"),
          (e: unknown) => log.error({ err: e }, "update cycle failed"),
        );
      this.timers.push(setTimeout(tick, 0), setInterval(tick, this.options.updatePeriodMs));
    }
    if (this.options.webhooks.length > 0) {
      const tick = (): void => void this.deliver().catch((e: unknown) => log.error({ err: e }, "webhook delivery failed"));
      this.timers.push(setInterval(tick, this.options.deliveryIntervalMs));
    }
  }

  /** Stops the timers and waits for a running update or delivery round to end. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.options.abort?.abort();
    // Bounded: a feed fetch that ignores the abort must not hold shutdown; an update cut short
    // writes nothing (each updater's replace is one transaction) and the lock dies with the connection.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([this.running, this.delivering]), new Promise((r) => (timer = setTimeout(r, 3000)))]);
    clearTimeout(timer);
  }

  /**
   * Runs every updater once under the update lock; resolves null when another instance holds it
   * (it will notify for its own run). Each changed run is recorded as an update operation.
   */
  async runUpdateCycle(): Promise<CycleResult | null> {
    const work = this.store.withUpdateLock(async () => {
      const diffs: RunDiff[] = [];
      const began = Date.now();
      this.log?.info({ plans: this.options.plans.length }, "update run started");
      const results = this.options.pull
        ? await this.pulled(this.options.pull)
        : await runUpdates(
            this.options.plans,
            diffingStore(this.deps.advisoryStore, diffs),
            this.options.feedClient,
            undefined,
            {},
            { observer: this.updateLog() },
          );
      for (const r of results) {
        this.metrics?.inc("claro_updater_runs_total", "Updater runs by updater and status", { updater: r.updater, status: r.status });
        this.metrics?.observe(
          "claro_updater_run_duration_seconds",
          "Updater run durations by updater and status",
          { updater: r.updater, status: r.status },
          r.durationMs / 1000,
        );
      }
      const count = (status: UpdateResult["status"]): number => results.filter((r) => r.status === status).length;
      const records = results.reduce((n, r) => n + r.recordCount, 0);
      this.log?.info(
        { changed: count("changed"), unchanged: count("unchanged"), failed: count("failed"), records, durationMs: Date.now() - began },
        "update run finished",
      );
      const notifications: { id: string; updater: string; count: number }[] = [];
      const v2: string[] = [];
      for (const d of diffs) {
        const ref = randomUUID();
        await this.store.recordOperation({
          operation: { ref, updater: d.run.updater, fingerprint: d.run.fingerprint ?? "", date: d.run.finishedAt, kind: "vulnerability" },
          added: d.added,
          removed: d.removed,
        });
        // Like Clair, an updater's first load is recorded but notifies nothing: every record in it
        // is "new", and a diff against nothing would notify every indexed image of everything.
        if (d.first) {
          this.log?.info({ updater: d.run.updater, added: d.added.length }, "first load of this updater: no notifications");
          continue;
        }
        const v2Made = await v2Notifications(this.deps, this.store, d.changes, ref, this.options.maxFileSize ?? 256 << 20);
        if (v2Made.length > 0) {
          await this.store.createV2Notifications(
            v2Made.map((n) => ({ ...n, delivery: this.delivery("clair-v2", n.name) })),
            new Date().toISOString(),
          );
          this.metrics?.inc("claro_notifications_total", "Notifications created", { format: "clair-v2" }, v2Made.length);
          v2.push(...v2Made.map((n) => n.name));
          this.log?.info({ updater: d.run.updater, count: v2Made.length }, "clair v2 notifications created");
        }
        const entries = await this.affected(d);
        if (entries.length === 0) continue;
        const id = randomUUID();
        await this.store.createNotification(id, ref, entries, new Date().toISOString(), this.delivery("clair-v4", id));
        this.metrics?.inc("claro_notifications_total", "Notifications created", { format: "clair-v4" });
        notifications.push({ id, updater: d.run.updater, count: entries.length });
        this.log?.info({ notification: id, updater: d.run.updater, entries: entries.length }, "notification created");
      }
      return { results, notifications, v2Notifications: v2 };
    });
    this.running = work;
    const got = await work;
    if (got !== null && got.value.notifications.length + got.value.v2Notifications.length > 0 && this.options.webhooks.length > 0)
      void this.deliver().catch(() => undefined);
    return got === null ? null : got.value;
  }

  /**
   * One info line as each updater starts and ends (outcome, records, duration, reason), and a
   * warning the first time a feed fails; it warns again only after the feed has recovered.
   */
  private updateLog(): UpdateObserver {
    return {
      started: (updater) => this.log?.info({ updater }, "updater started"),
      finished: (r) => {
        const skipped = r.problems.length > 0 ? { skipped: r.problems.length } : {};
        this.log?.info(
          {
            updater: r.updater,
            outcome: r.status,
            records: r.recordCount,
            durationMs: r.durationMs,
            ...skipped,
            ...(r.error !== null ? { reason: r.error } : {}),
          },
          "updater finished",
        );
        if (r.status !== "failed") {
          if (this.failing.delete(r.updater)) this.log?.info({ updater: r.updater }, "feed recovered");
          return;
        }
        if (this.failing.has(r.updater)) return;
        this.failing.add(r.updater);
        // Includes a refused shrink (see shrink-guard): the reason is also stored for `db status`.
        this.log?.warn({ updater: r.updater, reason: r.error }, "feed failed; its previous data is kept (not warned again until it recovers)");
      },
    };
  }

  /** A pull logged like an updater run (a failed one warns once); pulled data notifies nothing, which the log says. */
  private async pulled(pull: (store: AdvisoryStore) => Promise<readonly UpdateResult[]>): Promise<readonly UpdateResult[]> {
    const log = this.updateLog();
    log.started?.("db-repository");
    const results = await pull(this.deps.advisoryStore);
    for (const r of results) log.finished?.(r);
    if (results.some((r) => r.status === "changed"))
      this.log?.info({}, "database pulled from the registry: notifications are computed only for updater runs, not for pulled data");
    return results;
  }

  /** The delivery of notification `id` to the webhook that wants `format`, if one is configured. */
  private delivery(format: WebhookFormat, id: string): { target: string; callback: string; format: WebhookFormat } | null {
    const hook = this.options.webhooks.find((w) => w.format === format);
    return hook === undefined ? null : { target: hook.target, callback: callbackUrl(hook, id), format };
  }

  /** Sends the due webhooks once (also run by the timer); resolves with the number delivered. */
  async deliver(): Promise<number> {
    const timing = this.options.webhooks[0];
    if (timing === undefined) return 0;
    if (this.delivering !== null) return this.delivering;
    this.delivering = deliverDue(this.store, timing, this.metrics).finally(() => (this.delivering = null));
    return this.delivering;
  }

  /**
   * The stored manifests a diff touches, as Clair's notifier summarises them: per manifest and
   * reason one entry, carrying the most severe vulnerability the added (or removed) records affect
   * it by. Matched from the stored index reports; no layer is fetched again.
   */
  private async affected(d: RunDiff): Promise<NotificationEntry[]> {
    const entries: NotificationEntry[] = [];
    const reasons = ["added", "removed"] as const;
    const hits = await affectedByGroup(
      this.deps.indexStore,
      this.matchers,
      reasons.map((r) => d[r]),
    );
    for (const [i, reason] of reasons.entries()) {
      for (const hit of hits[i] ?? []) {
        const worst = hit.findings[0];
        if (worst !== undefined) entries.push({ manifest: hit.manifest, reason, vulnerability: toVulnerabilitySummary(worst, hit.distribution) });
      }
    }
    return entries;
  }
}
