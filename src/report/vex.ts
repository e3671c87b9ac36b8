import { z } from "zod";
import { FatalError } from "../core/problem.js";

/** One VEX statement, from OpenVEX or CycloneDX, reduced to what suppression needs. */
export interface VexStatement {
  readonly vulnerability: string;
  readonly aliases: readonly string[];
  /** Package purls (or refs that are not purls, compared verbatim). */
  readonly products: readonly string[];
  readonly status: "not_affected" | "affected" | "fixed" | "under_investigation";
  readonly justification: string | null;
  readonly source: string;
}

const openVexProduct = z.looseObject({
  "@id": z.string().optional(),
  identifiers: z.looseObject({ purl: z.string().optional() }).optional(),
  subcomponents: z.array(z.looseObject({ "@id": z.string().optional(), identifiers: z.looseObject({ purl: z.string().optional() }).optional() })).optional(),
});
const openVex = z.looseObject({
  "@context": z.string().startsWith("https://openvex.dev/"),
  statements: z.array(
    z.looseObject({
      vulnerability: z.looseObject({ name: z.string().optional(), "@id": z.string().optional(), aliases: z.array(z.string()).optional() }),
      products: z.array(openVexProduct).optional(),
      status: z.enum(["not_affected", "affected", "fixed", "under_investigation"]),
      justification: z.string().optional(),
    }),
  ),
});

const cdxState: Record<string, VexStatement["status"]> = {
  not_affected: "not_affected",
  false_positive: "not_affected",
  exploitable: "affected",
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
  in_triage: "under_investigation",
};
const cdx = z.looseObject({
  bomFormat: z.literal("CycloneDX"),
  components: z.array(z.looseObject({ "bom-ref": z.string().optional(), purl: z.string().optional() })).optional(),
  vulnerabilities: z.array(
    z.looseObject({
      id: z.string(),
      references: z.array(z.looseObject({ id: z.string() })).optional(),
      analysis: z.looseObject({ state: z.string().optional(), justification: z.string().optional() }).optional(),
      affects: z.array(z.looseObject({ ref: z.string() })).optional(),
    }),
  ),
});

function productIds(p: z.infer<typeof openVexProduct>): string[] {
  // An image product with subcomponents means those packages inside it.
  if (p.subcomponents && p.subcomponents.length > 0)
    return p.subcomponents.flatMap((s) => [s["@id"], s.identifiers?.purl].filter((x): x is string => x !== undefined));
  return [p["@id"], p.identifiers?.purl].filter((x): x is string => x !== undefined);
}

/** Reads an OpenVEX or CycloneDX VEX JSON document; anything else is a configuration error. */
export function parseVex(text: string, path: string): VexStatement[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new FatalError(
      "CONFIG_INVALID",
      `--vex ${path}: not JSON (${e instanceof Error ? e.message : String(e)})`,
      "give an OpenVEX or CycloneDX VEX JSON document",
    );
  }
  const ov = openVex.safeParse(data);
  if (ov.success) {
    return ov.data.statements.map((s) => ({
      vulnerability: s.vulnerability.name ?? s.vulnerability["@id"] ?? "",
      aliases: s.vulnerability.aliases ?? [],
      products: (s.products ?? []).flatMap(productIds),
      status: s.status,
      justification: s.justification ?? null,
      source: path,
    }));
  }
  const cd = cdx.safeParse(data);
  if (cd.success) {
    const refs = new Map((cd.data.components ?? []).flatMap((c) => (c["bom-ref"] && c.purl ? [[c["bom-ref"], c.purl] as const] : [])));
    return cd.data.vulnerabilities.map((v) => ({
      vulnerability: v.id,
      aliases: (v.references ?? []).map((r) => r.id),
      products: (v.affects ?? []).map((a) => refs.get(a.ref) ?? a.ref),
      status: cdxState[v.analysis?.state ?? ""] ?? "under_investigation",
      justification: v.analysis?.justification ?? null,
      source: path,
    }));
  }
  throw new FatalError("CONFIG_INVALID", `--vex ${path}: neither OpenVEX (@context https://openvex.dev/…) nor CycloneDX (bomFormat) with vulnerabilities`);
}
