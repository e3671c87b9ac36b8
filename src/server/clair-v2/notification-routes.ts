import type { FastifyInstance } from "fastify";
import type { NotifierStore, StoredV2Notification, V2NotificationSide } from "../../contracts/notifier-store.js";
import { envelope, useV2Conventions } from "./routes.js";
import { V2NameParams, V2NotificationQuery, type V2NotificationQueryT } from "./schemas.js";

/** A page of each side's layer list: offsets into Old and New, -1 once that side is exhausted. */
interface PageNumber {
  readonly Old: number;
  readonly New: number;
}

const FIRST: PageNumber = { Old: 0, New: 0 };

/** Opaque to clients like Clair v2's Fernet tokens; nothing secret is in it, so it is not encrypted. */
export function encodePage(p: PageNumber): string {
  return Buffer.from(JSON.stringify(p)).toString("base64url");
}

export function decodePage(token: string): PageNumber | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof v !== "object" || v === null) return null;
    const { Old, New } = v as Record<string, unknown>;
    const ok = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= -1;
    return ok(Old) && ok(New) ? { Old, New } : null;
  } catch {
    return null;
  }
}

const unix = (iso: string | null): string | undefined => (iso === null ? undefined : String(Math.floor(Date.parse(iso) / 1000)));

/** One side's `VulnerabilityWithLayers` for this page, and the offset of its next page (-1: none). */
function pageSide(side: V2NotificationSide | null, offset: number, limit: number): { body: Record<string, unknown> | undefined; next: number } {
  if (side === null) return { body: undefined, next: -1 };
  const start = offset < 0 ? side.layers.length : offset;
  const names = side.layers.slice(start, start + limit);
  const next = limit > 0 && start + limit < side.layers.length ? start + limit : -1;
  return {
    body: {
      Vulnerability: side.vulnerability,
      ...(names.length > 0
        ? { OrderedLayersIntroducingVulnerability: names.map((LayerName, i) => ({ Index: start + i, LayerName })), LayersIntroducingVulnerability: names }
        : {}),
    },
    next,
  };
}

/** The Clair v2 `Notification` model for one page (api/v1/models.go: omitempty on every key). */
export function toV2Notification(n: StoredV2Notification, limit: number, page: PageNumber, token: string): Record<string, unknown> {
  const old = pageSide(n.old, page.Old, limit);
  const cur = pageSide(n.new, page.New, limit);
  const more = old.next >= 0 || cur.next >= 0;
  const notified = unix(n.notified);
  const deleted = unix(n.deleted);
  return {
    Name: n.name,
    Created: unix(n.created),
    ...(notified !== undefined ? { Notified: notified } : {}),
    ...(deleted !== undefined ? { Deleted: deleted } : {}),
    ...(limit > 0 ? { Limit: limit } : {}),
    Page: token,
    ...(more ? { NextPage: encodePage({ Old: old.next, New: cur.next }) } : {}),
    ...(old.body !== undefined ? { Old: old.body } : {}),
    ...(cur.body !== undefined ? { New: cur.body } : {}),
  };
}

/**
 * Clair v2's notification routes (landscape-and-apis §2a): GET pages the layers introducing the
 * vulnerability before (Old) and after (New) the update, `limit` layers per side per page; DELETE
 * marks the notification read, which stops its webhook. It stays readable, with `Deleted`, as in
 * Clair v2; a second DELETE is 404.
 */
export function registerClairV2NotificationRoutes(app: FastifyInstance, store: NotifierStore): void {
  void app.register(
    async (scope) => {
      useV2Conventions(scope);
      scope.get<{ Params: { name: string }; Querystring: V2NotificationQueryT }>(
        "/notifications/:name",
        { schema: { tags: ["clair-v2"], params: V2NameParams, querystring: V2NotificationQuery } },
        async (req, reply) => {
          const raw = req.query.limit;
          if (raw === undefined) return envelope(reply, 400, "must provide limit query parameter");
          if (!/^-?\d{1,9}$/.test(raw)) return envelope(reply, 400, `invalid limit format: ${raw}`);
          const limit = Number(raw);
          if (limit < 0) return envelope(reply, 400, "limit value should not be less than zero");
          let page = FIRST;
          if (req.query.page !== undefined) {
            const parsed = decodePage(req.query.page);
            if (parsed === null) return envelope(reply, 400, "invalid page format");
            page = parsed;
          }
          const found = await store.v2Notification(req.params.name);
          if (found === null) return envelope(reply, 404, "the resource cannot be found");
          return reply.code(200).send({ Notification: toV2Notification(found, limit, page, req.query.page ?? encodePage(FIRST)) });
        },
      );
      scope.delete<{ Params: { name: string } }>("/notifications/:name", { schema: { tags: ["clair-v2"], params: V2NameParams } }, async (req, reply) => {
        if (!(await store.deleteV2Notification(req.params.name, new Date().toISOString()))) return envelope(reply, 404, "the resource cannot be found");
        return reply.code(200).send();
      });
    },
    { prefix: "/v1" },
  );
}
