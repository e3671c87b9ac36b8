import { existsSync, statSync } from "node:fs";
import { FatalError } from "../core/problem.js";
import type { WebhookFormat } from "../contracts/notifier-store.js";
import type { FeedSource } from "../contracts/updater.js";
import { ecosystems, isEcosystemName, type EcosystemName } from "../ecosystems/index.js";
import { openNotifierStore } from "../store/open-notifier-store.js";
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

/** Milliseconds of `6h` / `30m` / `45s` / `0` / a number of seconds. */
export function parsePeriod(value: string | number | undefined): number {
  if (value === undefined) return 6 * 3_600_000;
  if (typeof value === "number") return value * 1000;
  const m = /^(\d+(?:\.\d+)?)(h|m|s)?$/.exec(value.trim());
  if (!m) throw new FatalError("CONFIG_INVALID", `updatePeriod '${value}' is not a duration`, "e.g. 6h, 30m, 90s or 0 to disable");
  return Number(m[1]) * ({ h: 3_600_000, m: 60_000, s: 1000 } as const)[(m[2] ?? "s") as "h" | "m" | "s"];
}

function parseSources(values: readonly string[]): UpdatePlan[] {
  const chosen = new Map<EcosystemName, FeedSource>();
  for (const v of values) {
    const i = v.indexOf("=");
    const name = v.slice(0, i);
    if (i <= 0 || !isEcosystemName(name)) throw new FatalError("CONFIG_INVALID", `source '${v}' is not NAME=PATH|URL of a known ecosystem`, `known: ${Object.keys(ecosystems).join(", ")}`);
    const where = v.slice(i + 1);
    if (/^https?:\/\//.test(where)) chosen.set(name, { kind: "url", url: where });
    else if (!existsSync(where)) throw new FatalError("CONFIG_INVALID", `source ${name}: ${where} does not exist`);
    else chosen.set(name, statSync(where).isDirectory() ? { kind: "dir", path: where } : { kind: "file", path: where });
  }
  const names = chosen.size > 0 ? [...chosen.keys()] : (Object.keys(ecosystems) as EcosystemName[]);
  return names.map((name) => ({ ecosystem: name, factory: ecosystems[name].updaters, source: chosen.get(name) ?? { kind: "upstream" } }));
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
  const store = await openNotifierStore(s.db);
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
