import { FatalError } from "../core/problem.js";
import type { WebhookFormat } from "../contracts/notifier-store.js";
import { parseDuration } from "../app/duration.js";
import { parseFeedSources, updatePlans } from "../app/feeds.js";
import { databaseSpec, openNotifierStore } from "../app/stores.js";
import { createFeedClient, type UpdatePlan } from "../updater/index.js";
import type { ServerDeps } from "./index-service.js";
import { Notifier } from "./notifier.js";
import { DEFAULT_WEBHOOK, type WebhookSettings } from "./webhook-delivery.js";

/** A configured webhook: where to POST, this service's external base URL, and the body format (default Clair v4). */
export interface WebhookConfig {
  readonly target: string;
  readonly callbackBase: string;
  readonly format?: WebhookFormat | undefined;
}

export interface NotifierSettings {
  readonly db?: string | undefined;
  /** `6h`, `30m`, `90s`, `0` (off) or seconds; default 6h as Clair. */
  readonly updatePeriod?: string | number | undefined;
  /** `NAME=PATH|URL` each; none: every ecosystem from upstream. */
  readonly sources?: readonly string[] | undefined;
  /** One webhook, or one per format (a Clair v4 and a Clair v2 receiver). */
  readonly webhook?: WebhookConfig | readonly WebhookConfig[] | undefined;
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
    if (out.some((o) => o.format === format)) throw new FatalError("CONFIG_INVALID", `two webhooks want the ${format} format`, "configure at most one webhook per format (clair-v4, clair-v2)");
    out.push({ ...DEFAULT_WEBHOOK, target: w.target, callbackBase: w.callbackBase, format });
  }
  return out;
}

/** The notifier `claro serve` runs: periodic updates under the shared lock, notifications, webhooks. */
export async function openNotifier(deps: ServerDeps, s: NotifierSettings): Promise<Notifier> {
  const plans = parseSources(s.sources ?? []);
  const updatePeriodMs = parsePeriod(s.updatePeriod);
  const webhooks = webhookSettings(s.webhook);
  const store = await openNotifierStore(databaseSpec(s.db));
  const abort = new AbortController();
  return new Notifier(deps, {
    store,
    plans,
    feedClient: createFeedClient({ signal: abort.signal }),
    abort,
    updatePeriodMs,
    webhooks,
    deliveryIntervalMs: 2000,
  });
}
