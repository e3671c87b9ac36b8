import { isDigest } from "../core/digest.js";
import type { Parsed, SchemaName } from "./oci-schemas.js";

// Readers of well-formed image documents that give exactly what the zod schemas of oci-schemas.ts
// give (the same keys, in the same order, unknown keys dropped), or null for anything they are
// not sure of: then the schema itself decides and names the problem. oci-fast-parse.test.ts
// holds the two equal on real and mutated documents.

type Obj = Record<string, unknown>;
/** Declines: the zod schema takes over. */
class Decline extends Error {}
const no = (): never => {
  throw new Decline();
};

function obj(v: unknown): Obj {
  // A `__proto__` key is legal JSON, but how a copy treats it is the schema's business.
  if (typeof v !== "object" || v === null || Array.isArray(v) || Object.hasOwn(v, "__proto__")) return no();
  return v as Obj;
}
const str = (v: unknown): string => (typeof v === "string" ? v : no());
const bool = (v: unknown): boolean => (typeof v === "boolean" ? v : no());
const arr = <T>(v: unknown, item: (x: unknown) => T): T[] => (Array.isArray(v) ? v.map(item) : no());
const digest = <D extends string>(v: unknown): D => (typeof v === "string" && isDigest(v) ? (v as D) : no());
const size = (v: unknown): number => (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : no());

/** Copies the keys of `shape` present in `o`, in `shape`'s order; absent optional keys stay absent. */
function pick(o: Obj, shape: Readonly<Record<string, { read: (v: unknown) => unknown; required?: boolean; nullable?: boolean }>>): Obj {
  const out: Obj = {};
  for (const [key, f] of Object.entries(shape)) {
    if (!Object.hasOwn(o, key)) {
      if (f.required) no();
      continue;
    }
    const v = o[key];
    out[key] = v === null && f.nullable ? null : f.read(v);
  }
  return out;
}

const required = (read: (v: unknown) => unknown) => ({ read, required: true });
const optional = (read: (v: unknown) => unknown) => ({ read });
const nullish = (read: (v: unknown) => unknown) => ({ read, nullable: true });
const stringRecord = (v: unknown): Obj => {
  const o = obj(v);
  const out: Obj = {};
  for (const [k, x] of Object.entries(o)) out[k] = str(x);
  return out;
};
const unknownRecord = (v: unknown): Obj => ({ ...obj(v) });

const platform = (v: unknown): Obj => pick(obj(v), { architecture: required(str), os: required(str), variant: optional(str), "os.version": optional(str) });
const descriptor = (v: unknown): Obj =>
  pick(obj(v), { mediaType: optional(str), digest: required(digest), size: required(size), annotations: optional(stringRecord), platform: optional(platform) });
const schemaVersion2 = (v: unknown): number => (v === 2 ? 2 : no());

const readers: { readonly [K in SchemaName]: (v: unknown) => unknown } = {
  platform,
  descriptor,
  index: (v) =>
    pick(obj(v), {
      schemaVersion: required(schemaVersion2),
      mediaType: optional(str),
      manifests: required((m) => arr(m, descriptor)),
      annotations: optional(stringRecord),
    }),
  manifest: (v) =>
    pick(obj(v), {
      schemaVersion: required(schemaVersion2),
      mediaType: optional(str),
      config: required(descriptor),
      layers: required((l) => arr(l, descriptor)),
      annotations: optional(stringRecord),
    }),
  imageConfig: (v) =>
    pick(obj(v), {
      architecture: required(str),
      os: required(str),
      variant: optional(str),
      created: optional(str),
      config: nullish((c) =>
        pick(obj(c), {
          User: optional(str),
          Env: nullish((x) => arr(x, str)),
          Cmd: nullish((x) => arr(x, str)),
          Entrypoint: nullish((x) => arr(x, str)),
          WorkingDir: optional(str),
          ExposedPorts: nullish(unknownRecord),
          Labels: nullish(stringRecord),
          Healthcheck: optional((x) => x),
        }),
      ),
      rootfs: required((r) => pick(obj(r), { type: required(str), diff_ids: required((d) => arr(d, digest)) })),
      history: nullish((h) =>
        arr(h, (e) => pick(obj(e), { created: optional(str), created_by: optional(str), empty_layer: optional(bool), comment: optional(str) })),
      ),
    }),
  dockerManifest: (v) => arr(v, (i) => pick(obj(i), { Config: required(str), RepoTags: nullish((t) => arr(t, str)), Layers: required((l) => arr(l, str)) })),
};

/** `raw` read as the schema `name` reads it, or null when the schema must judge it. */
export function fastParse<K extends SchemaName>(name: K, raw: unknown): Parsed<K> | null {
  try {
    return readers[name](raw) as Parsed<K>;
  } catch (e) {
    if (e instanceof Decline) return null;
    throw e;
  }
}
