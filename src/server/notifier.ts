import { randomUUID } from "node:crypto";
import type { Matcher } from "../contracts/matcher.js";
import type { NotificationEntry, NotifierStore } from "../contracts/notifier-store.js";
import type { FeedClient } from "../contracts/updater.js";
import type { Digest } from "../core/digest.js";
import { matchReport } from "../matcher/index.js";
import { runUpdates, type UpdatePlan, type UpdateResult } from "../updater/index.js";
import type { ServerDeps } from "./index-service.js";
import type { Metrics } from "./metrics.js";
import { toVulnerabilitySummary } from "./notifier-shape.js";
import { diffingStore, memoryFinder, type RunDiff } from "./update-diff.js";
import { deliverDue, type WebhookSettings } from "./webhook-delivery.js";

export interface NotifierOptions {
  readonly store: NotifierStore;
  readonly plans: readonly UpdatePlan[];
  readonly feedClient: FeedClient;
  /** Milliseconds between update runs; 0 runs updates only when asked (runUpdateCycle). */
  readonly updatePeriodMs: number;
  readonly webhook: WebhookSettings | null;
  /** How often due webhook deliveries are looked for. */
  readonly deliveryIntervalMs: number;
  /** Cancels in-flight feed fetches on stop, so shutdown does not wait out a slow upstream. */
  readonly abort?: AbortController;
}

export interface CycleResult {
  readonly results: readonly UpdateResult[];
  /** One per changed updater run whose diff affected an indexed manifest. */
  readonly notifications: readonly { readonly id: string; readonly updater: string; readonly count: number }[];
}

interface Log {
  info(o: object, msg: string): void;
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

  constructor(private readonly deps: ServerDeps, readonly options: NotifierOptions, private readonly matchers: readonly Matcher[] = deps.matchers) {}

  get store(): NotifierStore {
    return this.options.store;
  }

  /** Starts the timers: an update now and every period (when > 0), deliveries every interval. */
  start(metrics: Metrics, log: Log): void {
    this.metrics = metrics;
    this.log = log;
    if (this.options.updatePeriodMs > 0) {
      const tick = (): void => void this.runUpdateCycle().catch((e: unknown) => log.error({ err: e }, "update cycle failed"));
      this.timers.push(setTimeout(tick, 0), setInterval(tick, this.options.updatePeriodMs));
    }
    if (this.options.webhook !== null) {
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
      const results = await runUpdates(this.options.plans, diffingStore(this.deps.advisoryStore, diffs), this.options.feedClient);
      for (const r of results) this.metrics?.inc("claro_updater_runs_total", "Updater runs by updater and status", { updater: r.updater, status: r.status });
      const notifications: { id: string; updater: string; count: number }[] = [];
      for (const d of diffs) {
        const ref = randomUUID();
        await this.store.recordOperation({
          operation: { ref, updater: d.run.updater, fingerprint: d.run.fingerprint ?? "", date: d.run.finishedAt, kind: "vulnerability" },
          added: d.added,
          removed: d.removed,
        });
        const entries = await this.affected(d);
        if (entries.length === 0) continue;
        const id = randomUUID();
        const webhook = this.options.webhook;
        const delivery = webhook ? { target: webhook.target, callback: `${webhook.callbackBase.replace(/\/+$/, "")}/notifier/api/v1/notification/${id}` } : null;
        await this.store.createNotification(id, ref, entries, new Date().toISOString(), delivery);
        this.metrics?.inc("claro_notifications_total", "Notifications created", {});
        notifications.push({ id, updater: d.run.updater, count: entries.length });
        this.log?.info({ notification: id, updater: d.run.updater, entries: entries.length }, "notification created");
      }
      return { results, notifications };
    });
    this.running = work;
    const got = await work;
    if (got !== null && got.value.notifications.length > 0 && this.options.webhook !== null) void this.deliver().catch(() => undefined);
    return got === null ? null : got.value;
  }

  /** Sends the due webhooks once (also run by the timer); resolves with the number delivered. */
  async deliver(): Promise<number> {
    if (this.options.webhook === null) return 0;
    if (this.delivering !== null) return this.delivering;
    this.delivering = deliverDue(this.store, this.options.webhook, this.metrics).finally(() => (this.delivering = null));
    return this.delivering;
  }

  /** The stored manifests a diff touches: each finished report matched against only the added and removed records. */
  private async affected(d: RunDiff): Promise<NotificationEntry[]> {
    if (d.added.length === 0 && d.removed.length === 0) return [];
    const entries: NotificationEntry[] = [];
    const added = memoryFinder(d.added);
    const removed = memoryFinder(d.removed);
    for (const manifest of await this.deps.indexStore.list()) {
      const stored = await this.deps.indexStore.get(manifest as Digest);
      if (stored === null || stored.state !== "IndexFinished" || stored.report === null) continue;
      const dist = stored.report.distribution;
      for (const [reason, finder] of [["added", added], ["removed", removed]] as const) {
        const findings = await matchReport(stored.report, this.matchers, finder);
        const seen = new Set<string>();
        for (const f of findings.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
          const k = `${f.id}\u0000${f.package.name}\u0000${f.fixedVersion ?? ""}`;
          if (seen.has(k)) continue;
          seen.add(k);
          entries.push({ manifest, reason, vulnerability: toVulnerabilitySummary(f, dist) });
        }
      }
    }
    return entries;
  }
}
