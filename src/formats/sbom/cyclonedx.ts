import { z } from "zod";
import { propertyMap, type SbomComponent, type SbomDocument } from "./model.js";

const property = z.object({ name: z.string(), value: z.string().optional() });
const license = z.object({
  license: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
  expression: z.string().optional(),
});
interface CdxComponent {
  type?: string | undefined;
  name?: string | undefined;
  version?: string | undefined;
  purl?: string | undefined;
  description?: string | undefined;
  properties?: z.infer<typeof property>[] | undefined;
  licenses?: z.infer<typeof license>[] | undefined;
  components?: CdxComponent[] | undefined;
}
const component: z.ZodType<CdxComponent> = z.lazy(() =>
  z.object({
    type: z.string().optional(),
    name: z.string().optional(),
    version: z.string().optional(),
    purl: z.string().optional(),
    description: z.string().optional(),
    properties: z.array(property).optional(),
    licenses: z.array(license).optional(),
    components: z.array(component).optional(),
  }),
);
const bom = z.object({
  bomFormat: z.literal("CycloneDX"),
  metadata: z.object({ component: component.optional() }).optional(),
  components: z.array(component).optional(),
});

export function isCycloneDxJson(doc: unknown): boolean {
  return typeof doc === "object" && doc !== null && (doc as { bomFormat?: unknown }).bomFormat === "CycloneDX";
}

/** CycloneDX JSON (any 1.x): nested components are flattened; the first `operating-system` one is the distribution. */
export function readCycloneDx(doc: unknown): SbomDocument | { error: string } {
  const parsed = bom.safeParse(doc);
  if (!parsed.success)
    return { error: `not a CycloneDX BOM: ${parsed.error.issues[0]?.message ?? "invalid"} at ${parsed.error.issues[0]?.path.join(".") ?? ""}` };
  const all: CdxComponent[] = [];
  const walk = (list: readonly CdxComponent[]): void => {
    for (const c of list) {
      all.push(c);
      walk(c.components ?? []);
    }
  };
  walk(parsed.data.components ?? []);
  const subject = parsed.data.metadata?.component;
  const os = all.find((c) => c.type === "operating-system");
  return {
    format: "cyclonedx",
    subject: subject === undefined ? null : { name: subject.name ?? null, version: subject.version ?? null, properties: props(subject) },
    os: os === undefined ? null : { name: os.name ?? "", version: os.version ?? null, description: os.description ?? null, properties: props(os) },
    components: all.filter((c) => c.type !== "operating-system").map(toComponent),
  };
}

function props(c: CdxComponent): Map<string, string> {
  return propertyMap((c.properties ?? []).map((p) => [p.name, p.value ?? ""] as const));
}

function toComponent(c: CdxComponent): SbomComponent {
  const licenses = (c.licenses ?? []).flatMap((l) => [l.expression, l.license?.id, l.license?.name].filter((v): v is string => v !== undefined).slice(0, 1));
  return { name: c.name ?? "", version: c.version ?? null, purl: c.purl ?? null, properties: props(c), licenses };
}
