import { z } from "zod";
import { propertyMap, type SbomComponent, type SbomDocument } from "./model.js";

/** The SPDX package fields claro reads, from either serialisation. */
interface SpdxPkg {
  id: string;
  name: string;
  version: string | null;
  purpose: string | null;
  purls: string[];
  notes: string[];
  licenses: string[];
  description: string | null;
}

const pkg = z.object({
  SPDXID: z.string(),
  name: z.string(),
  versionInfo: z.string().optional(),
  primaryPackagePurpose: z.string().optional(),
  description: z.string().optional(),
  licenseDeclared: z.string().optional(),
  licenseConcluded: z.string().optional(),
  externalRefs: z.array(z.object({ referenceCategory: z.string(), referenceType: z.string(), referenceLocator: z.string() })).optional(),
  annotations: z.array(z.object({ comment: z.string() })).optional(),
});
const doc = z.object({
  spdxVersion: z.string(),
  documentDescribes: z.array(z.string()).optional(),
  packages: z.array(pkg).optional(),
  relationships: z.array(z.object({ spdxElementId: z.string(), relationshipType: z.string(), relatedSpdxElement: z.string() })).optional(),
});

export function isSpdxJson(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { spdxVersion?: unknown }).spdxVersion === "string";
}

export function isSpdxTagValue(text: string): boolean {
  return /^\s*SPDXVersion:\s*SPDX-/m.test(text.slice(0, 4096));
}

export function readSpdxJson(value: unknown): SbomDocument | { error: string } {
  const parsed = doc.safeParse(value);
  if (!parsed.success)
    return { error: `not an SPDX document: ${parsed.error.issues[0]?.message ?? "invalid"} at ${parsed.error.issues[0]?.path.join(".") ?? ""}` };
  const packages = (parsed.data.packages ?? []).map((p): SpdxPkg => ({
    id: p.SPDXID,
    name: p.name,
    version: p.versionInfo ?? null,
    purpose: p.primaryPackagePurpose ?? null,
    purls: (p.externalRefs ?? []).filter((r) => isPackageManager(r.referenceCategory) && r.referenceType === "purl").map((r) => r.referenceLocator),
    notes: (p.annotations ?? []).map((a) => a.comment),
    licenses: [p.licenseDeclared, p.licenseConcluded].filter(isKnownLicense),
    description: p.description ?? null,
  }));
  const described = [
    ...(parsed.data.documentDescribes ?? []),
    ...(parsed.data.relationships ?? [])
      .filter((r) => r.spdxElementId === "SPDXRef-DOCUMENT" && r.relationshipType === "DESCRIBES")
      .map((r) => r.relatedSpdxElement),
  ];
  return toDocument(packages, described);
}

/** SPDX tag-value (spec clause 5 / annex): `Tag: value` lines, `<text>…</text>` values may span lines. */
export function readSpdxTagValue(text: string): SbomDocument | { error: string } {
  const packages: SpdxPkg[] = [];
  const described: string[] = [];
  const notes: { target: string | null; comment: string | null }[] = [];
  let current: SpdxPkg | null = null;
  let note: { target: string | null; comment: string | null } | null = null;
  for (const [tag, value] of tagValues(text)) {
    switch (tag) {
      case "PackageName":
        current = { id: "", name: value, version: null, purpose: null, purls: [], notes: [], licenses: [], description: null };
        packages.push(current);
        break;
      case "FileName":
      case "SnippetSPDXID":
        current = null;
        break;
      case "SPDXID":
        if (current !== null && current.id === "") current.id = value;
        break;
      case "PackageVersion":
        if (current !== null) current.version = value;
        break;
      case "PrimaryPackagePurpose":
        if (current !== null) current.purpose = value;
        break;
      case "PackageDescription":
        if (current !== null) current.description = value;
        break;
      case "PackageLicenseDeclared":
      case "PackageLicenseConcluded":
        if (current !== null && isKnownLicense(value)) current.licenses.push(value);
        break;
      case "ExternalRef": {
        const [category, type, locator] = value.split(/\s+/);
        if (current !== null && category !== undefined && isPackageManager(category) && type === "purl" && locator !== undefined) current.purls.push(locator);
        break;
      }
      case "Relationship": {
        const [from, kind, to] = value.split(/\s+/);
        if (from === "SPDXRef-DOCUMENT" && kind === "DESCRIBES" && to !== undefined) described.push(to);
        break;
      }
      case "Annotator":
        note = { target: null, comment: null };
        notes.push(note);
        break;
      case "SPDXREF":
        if (note !== null) note.target = value;
        break;
      case "AnnotationComment":
        if (note !== null) note.comment = value;
        break;
    }
  }
  if (packages.length === 0 && !isSpdxTagValue(text)) return { error: "not an SPDX tag-value document" };
  for (const n of notes) {
    const target = packages.find((p) => p.id === n.target);
    if (target !== undefined && n.comment !== null) target.notes.push(n.comment);
  }
  return toDocument(packages, described);
}

function* tagValues(text: string): Generator<[string, string]> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^([A-Za-z][A-Za-z0-9_-]*):\s?(.*)$/.exec(lines[i] ?? "");
    if (m === null) continue;
    let value = m[2] ?? "";
    if (value.trimStart().startsWith("<text>")) {
      let body = value.trimStart().slice("<text>".length);
      while (!body.includes("</text>") && i + 1 < lines.length) body += `\n${lines[++i] ?? ""}`;
      value = body.slice(0, body.indexOf("</text>") === -1 ? undefined : body.indexOf("</text>"));
    }
    yield [m[1] ?? "", value.trim()];
  }
}

function isPackageManager(category: string): boolean {
  return category === "PACKAGE-MANAGER" || category === "PACKAGE_MANAGER";
}

function isKnownLicense(value: string | undefined): value is string {
  return value !== undefined && value !== "" && value !== "NOASSERTION" && value !== "NONE";
}

/** Subject: the described CONTAINER (or first described) package; OS: OPERATING_SYSTEM purpose. */
function toDocument(packages: readonly SpdxPkg[], described: readonly string[]): SbomDocument {
  const subject =
    packages.find((p) => described.includes(p.id) && p.purpose === "CONTAINER") ??
    packages.find((p) => described.includes(p.id) && p.purls.length === 0) ??
    null;
  const os = packages.find((p) => p.purpose === "OPERATING_SYSTEM") ?? null;
  const components = packages
    .filter((p) => p !== subject && p !== os)
    .map((p): SbomComponent => ({ name: p.name, version: p.version, purl: p.purls[0] ?? null, properties: notesMap(p.notes), licenses: p.licenses }));
  return {
    format: "spdx",
    subject: subject === null ? null : { name: subject.name, version: subject.version, properties: notesMap(subject.notes) },
    os: os === null ? null : { name: os.name, version: os.version, description: os.description, properties: notesMap(os.notes) },
    components,
  };
}

/** claro writes its facts as `claro:key=value` annotation comments; other comments are ignored. */
function notesMap(notes: readonly string[]): Map<string, string> {
  return propertyMap(
    notes.flatMap((n) => {
      const m = /^([a-z][\w.-]*(?::[\w.-]+)+)=(.*)$/s.exec(n.trim());
      return m === null ? [] : [[m[1] ?? "", m[2] ?? ""] as const];
    }),
  );
}
