// A validator for the subset of JSON Schema 2020-12 that schema/claro-report.v1.schema.json
// uses, so the tests check rendered output against the committed file itself and not only
// against the zod schema it was generated from. Unknown keywords fail loudly rather than pass.

type Schema = Record<string, unknown>;

const KNOWN = new Set([
  "$schema",
  "$id",
  "$defs",
  "$ref",
  "title",
  "description",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "pattern",
  "minimum",
  "maximum",
  "anyOf",
  "oneOf",
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function typeMatches(actual: string, wanted: string): boolean {
  return actual === wanted || (wanted === "number" && actual === "integer");
}

/** Returns the list of violations; empty means valid. */
export function validate(root: Schema, value: unknown): string[] {
  const run = (schema: unknown, v: unknown, at: string): string[] => {
    const errors: string[] = [];
    check(schema, v, at, errors);
    return errors;
  };
  const subValid = (s: unknown, v: unknown): boolean => run(s, v, "").length === 0;
  const check = (schema: unknown, v: unknown, at: string, errors: string[]): void => {
    if (!isObject(schema)) throw new Error(`${at}: schema is not an object`);
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`${at}: unsupported keyword ${k}`);
    if (typeof schema["$ref"] === "string") {
      const name = schema["$ref"].replace(/^#\/\$defs\//, "");
      const defs = root["$defs"];
      if (!isObject(defs) || !(name in defs)) throw new Error(`${at}: unresolved $ref ${schema["$ref"]}`);
      check(defs[name], v, at, errors);
    }
    const t = schema["type"];
    if (t !== undefined) {
      const wanted = Array.isArray(t) ? t.map(String) : [String(t)];
      if (!wanted.some((w) => typeMatches(typeOf(v), w))) {
        errors.push(`${at}: expected ${wanted.join("|")}, got ${typeOf(v)}`);
        return;
      }
    }
    if ("const" in schema && JSON.stringify(schema["const"]) !== JSON.stringify(v)) errors.push(`${at}: not ${JSON.stringify(schema["const"])}`);
    if (Array.isArray(schema["enum"]) && !schema["enum"].includes(v)) errors.push(`${at}: ${JSON.stringify(v)} not in enum`);
    if (typeof schema["pattern"] === "string" && typeof v === "string" && !new RegExp(schema["pattern"], "u").test(v)) {
      errors.push(`${at}: ${JSON.stringify(v)} does not match ${schema["pattern"]}`);
    }
    if (typeof schema["minimum"] === "number" && typeof v === "number" && v < schema["minimum"]) errors.push(`${at}: below minimum`);
    if (typeof schema["maximum"] === "number" && typeof v === "number" && v > schema["maximum"]) errors.push(`${at}: above maximum`);
    if (Array.isArray(schema["anyOf"]) && !schema["anyOf"].some((s) => subValid(s, v))) {
      errors.push(`${at}: matches no anyOf branch`);
    }
    if (Array.isArray(schema["oneOf"])) {
      const n = schema["oneOf"].filter((s) => subValid(s, v)).length;
      if (n !== 1) errors.push(`${at}: matches ${n} oneOf branches, want 1`);
    }
    if (Array.isArray(v) && schema["items"] !== undefined) v.forEach((x, i) => check(schema["items"], x, `${at}[${i}]`, errors));
    if (isObject(v)) {
      const props = isObject(schema["properties"]) ? schema["properties"] : {};
      for (const r of Array.isArray(schema["required"]) ? schema["required"] : []) {
        if (!(String(r) in v)) errors.push(`${at}: missing ${String(r)}`);
      }
      for (const [k, x] of Object.entries(v)) {
        if (k in props) check(props[k], x, `${at}.${k}`, errors);
        else if (schema["additionalProperties"] === false) errors.push(`${at}: unexpected property ${k}`);
      }
    }
  };
  return run(root, value, "$");
}
