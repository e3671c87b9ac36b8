import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { isFatalError } from "../../core/problem.js";
import { matchReport } from "../../app/match.js";
import type { V2LayerStore } from "../../contracts/v2-layer-store.js";
import { layerIndex, postLayer, V2Error, type PostLayerInput, type V2Context } from "./service.js";
import { NamespaceIndex, toV2Features, toV2Vulnerability } from "./shape.js";
import { sendDialectError, V2_JSON_TYPE } from "../error-dialect.js";
import { POOL_RETRY_AFTER_SECONDS, type IndexPool } from "../jobs/index-pool.js";
import type { IndexSettings, ServerDeps } from "../index-service.js";
import { V2LayerBody, V2LimitQuery, V2NameParams, type V2LayerBodyT, type V2LimitQueryT } from "./schemas.js";

export function envelope(reply: FastifyReply, status: number, message: string): FastifyReply {
  return sendDialectError(reply, "clair-v2", status, "", message);
}

/** Clair v2's response conventions for a `/v1` scope: its headers and the `{"Error":{"Message"}}` envelope. */
export function useV2Conventions(scope: FastifyInstance): void {
  scope.addHook("onSend", async (_req, reply, payload) => {
    reply.header("server", "clair");
    reply.header("content-type", V2_JSON_TYPE);
    return payload;
  });
  scope.setErrorHandler((err: FastifyError | Error, req, reply) => {
    if (err instanceof V2Error) return envelope(reply, err.status, err.message);
    const fe = err as FastifyError;
    if (fe.validation) return envelope(reply, 400, `could not decode the request: ${err.message}`);
    const status = isFatalError(err) ? 500 : (fe.statusCode ?? 500);
    if (status >= 500) req.log.error({ err }, "v1 request failed");
    return envelope(reply, status, status >= 500 ? "internal error" : err.message);
  });
}

/** Clair v2.0.1 `/v1` API as Klar uses it (landscape-and-apis §2a). Registered only with a v2 layer store. */
export function registerClairV2Routes(app: FastifyInstance, deps: ServerDeps, settings: IndexSettings, pool: IndexPool): void {
  const layers: V2LayerStore | undefined = deps.v2Layers;
  if (layers === undefined) return;
  const ctx: V2Context = { deps, layers, settings };
  const namespaces = new NamespaceIndex(deps.advisoryStore);

  void app.register(
    async (scope) => {
      useV2Conventions(scope);
      // Unknown /v1 paths and methods are answered by the server-wide not-found handler, in this envelope (error-dialect.ts).

      scope.post<{ Body: V2LayerBodyT }>("/layers", { schema: { tags: ["clair-v2"], body: V2LayerBody } }, async (req, reply) => {
        const l = req.body.Layer;
        const input: PostLayerInput = {
          Name: l.Name,
          Path: l.Path,
          Format: l.Format,
          ...(l.Headers ? { Headers: l.Headers } : {}),
          ...(l.ParentName ? { ParentName: l.ParentName } : {}),
        };
        // Synchronous indexing: the request waits in the index pool, or is refused when it is full.
        const admission = pool.admit();
        if (admission === null)
          return envelope(
            reply.header("retry-after", String(POOL_RETRY_AFTER_SECONDS)),
            503,
            "the server is indexing as many layers as it queues; retry later",
          );
        const stored = await admission.run(() => postLayer(ctx, input));
        return reply.code(201).send({
          Layer: {
            Name: stored.name,
            Path: stored.path,
            ...(l.Headers ? { Headers: l.Headers } : {}),
            ...(stored.parentName ? { ParentName: stored.parentName } : {}),
            Format: stored.format,
            ...(stored.namespace ? { NamespaceName: stored.namespace } : {}),
            IndexedByVersion: stored.indexedByVersion,
          },
        });
      });

      scope.get<{ Params: { name: string }; Querystring: Record<string, string> }>(
        "/layers/:name",
        { schema: { tags: ["clair-v2"], params: V2NameParams } },
        async (req, reply) => {
          const withFeatures = "features" in req.query;
          const withVulns = "vulnerabilities" in req.query;
          const found = await layerIndex(ctx, req.params.name);
          if (found === null) return envelope(reply, 404, "the resource cannot be found");
          const top = found.chain[found.chain.length - 1]!;
          const layer: Record<string, unknown> = {
            Name: top.name,
            ...(top.namespace ? { NamespaceName: top.namespace } : {}),
            ...(top.parentName ? { ParentName: top.parentName } : {}),
            IndexedByVersion: top.indexedByVersion,
          };
          // claro's addition: why a layer has no namespace (Clair v2 refused such layers instead).
          if (top.error !== null) layer["Warning"] = top.error;
          if (withFeatures || withVulns) {
            const findings = withVulns ? await matchReport(found.report, deps.matchers, deps.advisoryStore) : null;
            layer["Features"] = toV2Features(found.report, found.chain, top.namespace, findings);
          }
          return reply.send({ Layer: layer });
        },
      );

      scope.delete<{ Params: { name: string } }>("/layers/:name", { schema: { tags: ["clair-v2"], params: V2NameParams } }, async (req, reply) => {
        if (!(await layers.delete(req.params.name))) return envelope(reply, 404, "the resource cannot be found");
        return reply.code(200).send({});
      });

      scope.get("/namespaces", { schema: { tags: ["clair-v2"] } }, async (_req, reply) => {
        const data = await namespaces.load();
        const list = [...data.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([Name, v]) => ({ Name, VersionFormat: v.format }));
        return reply.send({ Namespaces: list });
      });

      scope.get<{ Params: { ns: string }; Querystring: V2LimitQueryT }>(
        "/namespaces/:ns/vulnerabilities",
        { schema: { tags: ["clair-v2"], querystring: V2LimitQuery } },
        async (req, reply) => {
          const limit = Number(req.query.limit);
          if (req.query.limit === undefined || !Number.isInteger(limit) || limit <= 0)
            return envelope(reply, 400, "invalid limit: a positive integer is required");
          const data = (await namespaces.load()).get(req.params.ns);
          if (data === undefined) return envelope(reply, 404, "the resource cannot be found");
          const ids = [...new Set(data.advisories.map((a) => a.id))];
          let offset = 0;
          if (req.query.page !== undefined) {
            const m = /^o(\d+)$/.exec(Buffer.from(req.query.page, "base64url").toString("utf8"));
            if (m === null) return envelope(reply, 400, "invalid page token");
            offset = Number(m[1]);
          }
          const first = new Map<string, (typeof data.advisories)[number]>();
          for (const a of data.advisories) if (!first.has(a.id)) first.set(a.id, a);
          const page = ids.slice(offset, offset + limit).map((id) => {
            const a = first.get(id)!;
            return toV2Vulnerability({
              id,
              namespace: a.namespace,
              description: a.description,
              links: a.links,
              severity: a.severity,
              fixedVersion: null,
              cvss: a.cvss,
            });
          });
          const next = offset + limit < ids.length ? Buffer.from(`o${offset + limit}`).toString("base64url") : undefined;
          return reply.send({ Vulnerabilities: page, ...(next ? { NextPage: next } : {}) });
        },
      );

      // /v1/notifications are registered with the notifier (notification-routes.ts); without one they are unknown here.
    },
    { prefix: "/v1" },
  );
}
