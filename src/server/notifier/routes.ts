import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { verifyPsk, type PskAuth } from "../jwt.js";
import type { Metrics } from "../metrics.js";
import type { Notifier } from "./notifier.js";
import { stableUuid, toClairOperation, toClairVulnerability } from "./shape.js";
import { registerClairV2NotificationRoutes } from "../clair-v2/notification-routes.js";
import { ErrorSchema, MEDIA } from "../clair-v4/schemas.js";
import { composeDiffs } from "./update-diff.js";

const NOTIFIER_MEDIA = {
  updateOperations: "application/vnd.clair.update_operations.v1+json",
  updateDiff: "application/vnd.clair.update_diff.v1+json",
  notificationPage: "application/vnd.clair.notification_page.v1+json",
} as const;

const RefParams = Type.Object({ ref: Type.String() });
const IdParams = Type.Object({ id: Type.String() });
const OpsQuery = Type.Object({ kind: Type.Optional(Type.Union([Type.Literal("vulnerability"), Type.Literal("enrichment")])) });
const DiffQuery = Type.Object({ cur: Type.String({ minLength: 1 }), prev: Type.Optional(Type.String()) });
const PageQuery = Type.Object({
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
  next: Type.Optional(Type.String({ pattern: "^[0-9]+$" })),
});

/**
 * Clair v4's internal update routes and notifier routes (landscape-and-apis §2b), and the
 * notifier's timers, started once the server listens and stopped before it closes.
 */
export function registerNotifierRoutes(app: FastifyInstance, notifier: Notifier, metrics: Metrics): void {
  const store = notifier.store;
  const missing = (what: string): { code: string; message: string } => ({ code: "not-found", message: what });

  registerClairV2NotificationRoutes(app, store);
  // onListen, not onReady: a server that cannot bind its port must not have begun an update run
  // (its fetches and retries kept the failed process alive about 20 s).
  app.addHook("onListen", async () => notifier.start(metrics, app.log));
  app.addHook("onClose", async () => notifier.stop());

  app.get<{ Querystring: Static<typeof OpsQuery> }>(
    "/matcher/api/v1/internal/update_operation",
    { schema: { tags: ["matcher"], querystring: OpsQuery } },
    async (req, reply) => {
      const out: Record<string, unknown[]> = {};
      for (const [updater, ops] of await store.operations()) {
        const kept = ops.filter((o) => req.query.kind === undefined || o.kind === req.query.kind);
        if (kept.length > 0) out[updater] = kept.map(toClairOperation);
      }
      return reply.type(NOTIFIER_MEDIA.updateOperations).send(out);
    },
  );

  app.delete<{ Params: Static<typeof RefParams> }>(
    "/matcher/api/v1/internal/update_operation/:ref",
    { schema: { tags: ["matcher"], params: RefParams, response: { 404: ErrorSchema } } },
    async (req, reply) => {
      if (!(await store.deleteOperation(req.params.ref)))
        return reply
          .code(404)
          .type(MEDIA.error)
          .send(missing(`update operation ${req.params.ref} not found`));
      return reply.code(200).send();
    },
  );

  app.get<{ Querystring: Static<typeof DiffQuery> }>(
    "/matcher/api/v1/internal/update_diff",
    { schema: { tags: ["matcher"], querystring: DiffQuery, response: { 400: ErrorSchema, 404: ErrorSchema } } },
    async (req, reply) => {
      const cur = await store.operationDiff(req.query.cur);
      if (cur === null)
        return reply
          .code(404)
          .type(MEDIA.error)
          .send(missing(`update operation ${req.query.cur} not found`));
      const updater = cur.operation.updater;
      let prev = null;
      if (req.query.prev !== undefined && req.query.prev !== "") {
        prev = await store.operationDiff(req.query.prev);
        if (prev === null)
          return reply
            .code(404)
            .type(MEDIA.error)
            .send(missing(`update operation ${req.query.prev} not found`));
        if (prev.operation.updater !== updater) {
          return reply
            .code(400)
            .type(MEDIA.error)
            .send({ code: "bad-request", message: `operations ${req.query.prev} and ${req.query.cur} belong to different updaters` });
        }
      } else {
        // Without prev, the diff is cur against the updater's operation just before it.
        const ops = (await store.operations()).get(updater) ?? [];
        const at = ops.findIndex((o) => o.ref === cur.operation.ref);
        const before = ops[at + 1];
        prev = before === undefined ? null : await store.operationDiff(before.ref);
      }
      const net =
        prev === null
          ? { added: cur.added, removed: cur.removed }
          : composeDiffs(await store.operationsBetween(updater, prev.operation.ref, cur.operation.ref));
      return reply.type(NOTIFIER_MEDIA.updateDiff).send({
        prev: prev === null ? null : toClairOperation(prev.operation),
        cur: toClairOperation(cur.operation),
        added: net.added.map(toClairVulnerability),
        removed: net.removed.map(toClairVulnerability),
      });
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof PageQuery> }>(
    "/notifier/api/v1/notification/:id",
    { schema: { tags: ["notifier"], params: IdParams, querystring: PageQuery, response: { 404: ErrorSchema } } },
    async (req, reply) => {
      const size = req.query.page_size ?? 500;
      const rows = await store.notificationPage(req.params.id, Number(req.query.next ?? "0"), size + 1);
      if (rows === null)
        return reply
          .code(404)
          .type(MEDIA.error)
          .send(missing(`notification ${req.params.id} not found`));
      const page = rows.slice(0, size);
      const more = rows.length > size;
      return reply.type(NOTIFIER_MEDIA.notificationPage).send({
        page: { size, ...(more ? { next: String(page.at(-1)!.seq) } : {}) },
        // Clair's notification ids are uuids; these are derived from the row, so a re-read gives the same id.
        notifications: page.map((n) => ({
          id: stableUuid(req.params.id, String(n.seq)),
          manifest: n.manifest,
          reason: n.reason,
          vulnerability: n.vulnerability,
        })),
      });
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    "/notifier/api/v1/notification/:id",
    { schema: { tags: ["notifier"], params: IdParams, response: { 404: ErrorSchema } } },
    async (req, reply) => {
      if (!(await store.deleteNotification(req.params.id)))
        return reply
          .code(404)
          .type(MEDIA.error)
          .send(missing(`notification ${req.params.id} not found`));
      return reply.code(200).send();
    },
  );
}
