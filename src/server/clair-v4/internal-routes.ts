import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Advisory } from "../../core/advisory.js";
import type { Digest } from "../../core/digest.js";
import type { AdvisoryQuery } from "../../contracts/matcher.js";
import { affectedManifests } from "../notifier/affected-manifests.js";
import type { ServerDeps } from "../index-service.js";
import { fromClairVulnerability } from "../notifier/shape.js";
import { DigestSchema, ErrorSchema, MEDIA } from "./schemas.js";

export const INTERNAL_MEDIA = {
  vulnerabilitySummaries: "application/vnd.clair.vulnerability_summaries.v1+json",
  affectedManifests: "application/vnd.clair.affected_manifests.v1+json",
  bulkDelete: "application/vnd.clair.bulk_delete.v1+json",
} as const;

const BulkDelete = Type.Array(DigestSchema, { maxItems: 10_000, description: "manifest digests" });
/** Clair's handler decodes `{"vulnerabilities": [...]}`; a bare array of vulnerabilities is taken too. */
const AffectedBody = Type.Union([
  Type.Array(Type.Unknown(), { maxItems: 100_000 }),
  Type.Object({ vulnerabilities: Type.Array(Type.Unknown(), { maxItems: 100_000 }) }),
]);
const AffectedResponse = Type.Object({
  vulnerabilities: Type.Record(Type.String(), Type.Unknown()),
  vulnerable_manifests: Type.Record(Type.String(), Type.Array(Type.String())),
});

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** Refuses bodies that are neither the route's vendor type nor JSON (415), before the body is parsed. */
function acceptOnly(vendor: string) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (type === "")
      return reply
        .code(400)
        .type(MEDIA.error)
        .send({ code: "bad-request", message: `a body of type ${vendor} or application/json is required` });
    if (type !== vendor && type !== "application/json") {
      return reply
        .code(415)
        .type(MEDIA.error)
        .send({ code: "unsupported-media-type", message: `content type ${JSON.stringify(type)} is not ${vendor} or application/json` });
    }
    return undefined;
  };
}

/** Version schemes of the namespaces the input names, from the records already stored for its packages. */
async function storedSchemes(deps: ServerDeps, list: readonly unknown[]): Promise<Map<string, string>> {
  const queries: AdvisoryQuery[] = [];
  for (const v of list) {
    const pkg = obj(obj(v)["package"]);
    const dist = obj(obj(v)["distribution"] ?? obj(v)["dist"]);
    const version = str(dist["version_id"]) || str(dist["version"]);
    if (str(pkg["name"]) === "" || str(dist["did"]) === "" || version === "") continue;
    queries.push({
      namespace: `${str(dist["did"])}:${version}`,
      packageName: str(pkg["name"]),
      packageKind: str(pkg["kind"]).toLowerCase() === "source" ? "source" : "binary",
    });
  }
  const out = new Map<string, string>();
  if (queries.length > 0) for (const a of await deps.advisoryStore.find(queries)) out.set(a.namespace, a.versionScheme);
  return out;
}

/**
 * Clair v4's internal indexer routes (landscape-and-apis §2b) that the notifier side of a split
 * deployment calls: AffectedManifests and the bulk DeleteManifests.
 */
export function registerClairInternalRoutes(app: FastifyInstance, deps: ServerDeps): void {
  // Idempotent, so a caller that is unsure whether the server already has them may add them.
  if (app.hasRoute({ method: "POST", url: "/indexer/api/v1/internal/affected_manifest" })) return;
  for (const type of [INTERNAL_MEDIA.vulnerabilitySummaries, INTERNAL_MEDIA.bulkDelete]) {
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, { parseAs: "string" }, app.getDefaultJsonParser("error", "error"));
  }

  app.post<{ Body: Static<typeof AffectedBody> }>(
    "/indexer/api/v1/internal/affected_manifest",
    {
      schema: { tags: ["indexer", "internal"], body: AffectedBody, response: { 200: AffectedResponse, 400: ErrorSchema, 415: ErrorSchema } },
      onRequest: acceptOnly(INTERNAL_MEDIA.vulnerabilitySummaries),
    },
    async (req, reply) => {
      const list = Array.isArray(req.body) ? req.body : req.body.vulnerabilities;
      const schemes = await storedSchemes(deps, list);
      const inputs = new Map<string, Json>();
      const advisories: Advisory[] = [];
      for (const [i, v] of list.entries()) {
        const given = str(obj(v)["id"]);
        const id = given !== "" && !inputs.has(given) ? given : String(i);
        const parsed = fromClairVulnerability(v, id, (ns) => schemes.get(ns));
        if (typeof parsed === "string")
          return reply
            .code(400)
            .type(MEDIA.error)
            .send({ code: "bad-request", message: `vulnerabilities[${i}]: ${parsed}` });
        advisories.push(parsed);
        inputs.set(id, { ...obj(v), id });
      }
      const vulnerabilities: Record<string, Json> = {};
      const vulnerable: Record<string, string[]> = {};
      for (const hit of await affectedManifests(deps.indexStore, deps.matchers, advisories)) {
        // Findings are most severe first; their updater is the input id (fromClairVulnerability's tag).
        const ids = [...new Set(hit.findings.map((f) => f.dataSource))];
        vulnerable[hit.manifest] = ids;
        for (const id of ids) vulnerabilities[id] = inputs.get(id) ?? {};
      }
      return reply.code(200).type(INTERNAL_MEDIA.affectedManifests).send({ vulnerabilities, vulnerable_manifests: vulnerable });
    },
  );

  app.delete<{ Body: Static<typeof BulkDelete> }>(
    "/indexer/api/v1/index_report",
    {
      schema: { tags: ["indexer"], body: BulkDelete, response: { 200: BulkDelete, 400: ErrorSchema, 415: ErrorSchema } },
      onRequest: acceptOnly(INTERNAL_MEDIA.bulkDelete),
    },
    async (req, reply) => {
      const deleted: string[] = [];
      for (const digest of new Set(req.body)) if (await deps.indexStore.delete(digest as Digest)) deleted.push(digest);
      return reply.code(200).type(INTERNAL_MEDIA.bulkDelete).send(deleted);
    },
  );
}
