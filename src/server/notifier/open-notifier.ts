import { FatalError } from "../../core/problem.js";
import type { NotifierStore, WebhookFormat } from "../../contracts/notifier-store.js";
import { parseDuration } from "../../app/duration.js";
import { parseFeedSources, updatePlans } from "../../app/feeds.js";
import { databaseSpec, openNotifierStore } from "../../app/stores.js";
import { createFeedClient, type UpdatePlan, type UpdateResult } from "../../updater/index.js";
import { pullDatabase, type DbArtifactOptions } from "../../app/db-artifact.js";
import type { AdvisoryStore } from "../../contracts/store.js";
import { registryOptionsFromEnv, type RegistryOptions } from "../../image/registry/index.js";
import type { ServerDeps } from "../index-service.js";
import { Notifier } from "./notifier.js";
import { DEFAULT_WEBHOOK, type WebhookSettings } from "./webhook-delivery.js";

/** A configured webhook: where to POST, this service's external base URL, and the body format (default Clair v4). */
export interface WebhookConfig {
  readonly target: string;
  readonly callbackBase: string;
  readonly format?: WebhookFormat | undefined;
}

export interface NotifierSettings {
  /** The server's notifier store (one pool with its other stores); without it one is opened on `db`. */
  readonly store?: NotifierStore | undefined;
  readonly db?: string | undefined;
  /** `6h`, `30m`, `90s`, `0` (off) or seconds; default 6h as Clair. */
  readonly updatePeriod?: string | number | undefined;
  /** `NAME=PATH|URL` each; none: every ecosystem from upstream. */
  readonly sources?: readonly string[] | undefined;
  /** One webhook, or one per format (a Clair v4 and a Clair v2 receiver). */
  readonly webhook?: WebhookConfig | readonly WebhookConfig[] | undefined;
  /** `--db-repository`: pull this `claro db push` artifact every period instead of running the updaters. */
  readonly dbRepository?: string | undefined;
  /** Credentials and transport for that registry (default: CLARO_USERNAME/CLARO_PASSWORD, docker's config). */
  readonly registry?: RegistryOptions;
}

/** Milliseconds of `6h` / `30m` / `45s` / `1d` / `0` (off) / a number of seconds: the one duration grammar. */
export function parsePeriod(value: string | number | undefined): number {
  return value === undefined ? 6 * 3_600_000 : parseDuration(value, "updatePeriod");
}

/** `NAME=PATH|URL` each, ecosystems only (the notifier's updates); none: every ecosystem from upstream. */
function parseSources(values: readonly string[]): UpdatePlan[] {
  return updatePlans(null, parseFeedSources(values, "source", false), false).plans;
}

function webhookSettings(config: WebhookConfig | readonly WebhookConfig[] | undefined): WebhookSettings[] {
  const list: readonly WebhookConfig[] = config === undefined ? [] : "target" in config ? [config] : config;
  const out: WebhookSettings[] = [];
  for (const w of list) {
    for (const key of ["target", "callbackBase"] as const) {
      if (!/^https?:\/\//.test(w[key])) throw new FatalError("CONFIG_INVALID", `webhook.${key} '${w[key]}' is not an http(s) URL`);
    }
    const format = w.format ?? "clair-v4";
    if (out.some((o) => o.format === format))
      throw new FatalError("CONFIG_INVALID", `two webhooks want the ${format} format`, "configure at most one webhook per format (clair-v4, clair-v2)");
    out.push({ ...DEFAULT_WEBHOOK, target: w.target, callbackBase: w.callbackBase, format });
  }
  return out;
}

/** The notifier `claro serve` runs: periodic updates under the shared lock, notifications, webhooks. */
export async function openNotifier(deps: ServerDeps, s: NotifierSettings): Promise<Notifier> {
  const plans = parseSources(s.sources ?? []);
  const updatePeriodMs = parsePeriod(s.updatePeriod);
  const webhooks = webhookSettings(s.webhook);
  const store = s.store ?? (await openNotifierStore(databaseSpec(s.db)));
  const abort = new AbortController();
  const repository = s.dbRepository;
  return new Notifier(deps, {
    ...(repository === undefined
      ? {}
      : { pull: (store: AdvisoryStore) => pullCycle(store, repository, { registry: s.registry ?? registryOptionsFromEnv(), signal: abort.signal }) }),
    store,
    plans,
    feedClient: createFeedClient({ signal: abort.signal }),
    abort,
    updatePeriodMs,
    webhooks,
    deliveryIntervalMs: 2000,
  });
}

/**
 * One pull as one update result named `db-repository`, so logs and the updater-run metrics read as
 * for updaters: changed (pulled), unchanged (same digest) or failed (the previous data is kept).
 * A pulled database brings no notifications: the diff is computed only for updater runs.
 */
async function pullCycle(store: AdvisoryStore, reference: string, options: DbArtifactOptions): Promise<readonly UpdateResult[]> {
  const began = Date.now();
  const result = (status: UpdateResult["status"], recordCount: number, error: string | null): UpdateResult[] => [
    { updater: "db-repository", status, recordCount, problems: [], error, durationMs: Date.now() - began },
  ];
  try {
    const r = await pullDatabase(store, reference, options);
    return r.status === "pulled" ? result("changed", r.records, null) : result("unchanged", 0, null);
  } catch (e) {
    return result("failed", 0, `${reference}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
