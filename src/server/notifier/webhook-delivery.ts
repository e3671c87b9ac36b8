import type { Delivery, NotifierStore, WebhookFormat } from "../../contracts/notifier-store.js";
import type { Metrics } from "../metrics.js";

export const WEBHOOK_MEDIA = "application/vnd.clair.notification_webhook.v1+json";

export interface WebhookSettings {
  /** Where notifications are POSTed. */
  readonly target: string;
  /** Which notifications it gets, in which body: Clair v4 (manifests) or Clair v2 (layers, for Klar-era clients). */
  readonly format: WebhookFormat;
  /** This service's externally reachable base URL, for the `callback` the receiver follows. */
  readonly callbackBase: string;
  /** First retry delay; doubled per failed attempt up to maxBackoffMs. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly timeoutMs: number;
}

export type DeliveryTiming = Pick<WebhookSettings, "backoffMs" | "maxBackoffMs" | "timeoutMs">;

export const DEFAULT_WEBHOOK: Omit<WebhookSettings, "target" | "callbackBase"> = {
  format: "clair-v4",
  backoffMs: 1000,
  maxBackoffMs: 15 * 60_000,
  timeoutMs: 10_000,
};

/** Where a receiver reads notification `id`: the Clair v4 notifier route or the Clair v2 one. */
export function callbackUrl(settings: Pick<WebhookSettings, "callbackBase" | "format">, id: string): string {
  const base = settings.callbackBase.replace(/\/+$/, "");
  return settings.format === "clair-v2" ? `${base}/v1/notifications/${id}` : `${base}/notifier/api/v1/notification/${id}`;
}

/** The POST a delivery makes: body and media type per format. */
function request(d: Delivery): { type: string; body: unknown } {
  if (d.format === "clair-v2") return { type: "application/json", body: { Notification: { Name: d.notificationId } } };
  return { type: WEBHOOK_MEDIA, body: { notification_id: d.notificationId, callback: d.callback } };
}

/**
 * Claims the due deliveries and POSTs each once. A claim is a lease (the next attempt pushed past
 * the send's timeout): an instance that dies mid-send leaves the delivery to be retried, hence
 * at least once; two live instances never claim the same one. Done only after a 2xx.
 */
export async function deliverDue(store: NotifierStore, settings: DeliveryTiming, metrics: Metrics | null, now: () => number = Date.now): Promise<number> {
  let delivered = 0;
  for (;;) {
    const t = now();
    const batch = await store.claimDeliveries(new Date(t).toISOString(), new Date(t + settings.timeoutMs * 3).toISOString(), 16);
    if (batch.length === 0) return delivered;
    for (const d of batch) {
      const outcome = await post(d.target, request(d), settings.timeoutMs);
      if (outcome === null) {
        await store.markDelivered(d.notificationId, new Date(now()).toISOString());
        metrics?.inc("claro_notification_deliveries_total", "Webhook delivery attempts by outcome", { outcome: "delivered", format: d.format });
        delivered++;
      } else {
        const wait = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** Math.max(0, d.attempts - 1));
        await store.deferDelivery(d.notificationId, new Date(now() + wait).toISOString(), outcome);
        metrics?.inc("claro_notification_deliveries_total", "Webhook delivery attempts by outcome", { outcome: "failed", format: d.format });
      }
    }
  }
}

/** null on a 2xx, else why not. */
async function post(target: string, req: { type: string; body: unknown }, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetch(target, {
      method: "POST",
      headers: { "content-type": req.type },
      body: JSON.stringify(req.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
