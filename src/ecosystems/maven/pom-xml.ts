import { createRequire } from "node:module";
import type { SaxesParser as Parser } from "saxes";

// The XML parser loads with the first pom.xml, not with the java-archive probe, which loads for
// every scan (issue 10 §3).
const saxesParser = (): typeof Parser => (createRequire(import.meta.url)("saxes") as { SaxesParser: typeof Parser }).SaxesParser;

/** The coordinates a `META-INF/maven/**​/pom.xml` declares, with the parent's filled in where Maven inherits them. */
export interface PomCoordinates {
  readonly groupId: string;
  readonly artifactId: string;
  /** Empty when the pom leaves it to a property it does not define (`${commons.release.version}`). */
  readonly version: string;
}

const PROPERTY = /\$\{([^}]+)\}/g;

/**
 * Reads the project's own groupId/artifactId/version and its parent's, plus `<properties>`.
 * A project without a groupId inherits the parent's (Maven's rule), and `${…}` references are
 * resolved from the project and its properties; what stays unresolved counts as absent, since a
 * coordinate with `${` in it is never what was published. Undefined for text that is not a pom
 * or names no artifactId and group.
 */
export function pomXmlCoordinates(text: string): PomCoordinates | undefined {
  const fields = new Map<string, string>();
  const stack: string[] = [];
  let buf = "";
  const parser = new (saxesParser())({ xmlns: false });
  let failed = false;
  parser.on("error", () => {
    failed = true;
  });
  parser.on("opentag", (tag) => {
    stack.push(tag.name.slice(tag.name.indexOf(":") + 1));
    buf = "";
  });
  parser.on("text", (t) => (buf += t));
  parser.on("closetag", () => {
    const path = stack.join("/");
    // project/groupId, project/parent/version, project/properties/<name>: nothing deeper.
    if (/^project\/((parent\/)?(groupId|artifactId|version)|properties\/[^/]+)$/.test(path)) fields.set(path, buf.trim());
    stack.pop();
    buf = "";
  });
  try {
    parser.write(text).close();
  } catch {
    failed = true;
  }
  if (failed && fields.size === 0) return undefined;
  const lookup = (name: string): string | undefined => {
    const n = name.replace(/^(project|pom)\./, "project/").replace(/^project\/parent\./, "project/parent/");
    return fields.get(n) ?? fields.get(`project/properties/${name}`);
  };
  const resolve = (v: string | undefined, depth = 0): string => {
    if (v === undefined || depth > 5) return "";
    const out = v.replace(PROPERTY, (_, name: string) => resolve(lookup(name), depth + 1) || "${?}");
    return out.includes("${") ? "" : out;
  };
  // Only an absent element is inherited: a present one that does not resolve stays unknown.
  const own = (k: string): string => resolve(fields.get(`project/${k}`) ?? fields.get(`project/parent/${k}`));
  const groupId = own("groupId");
  const artifactId = resolve(fields.get("project/artifactId"));
  const version = own("version");
  if (groupId === "" || artifactId === "") return undefined;
  return { groupId, artifactId, version };
}
