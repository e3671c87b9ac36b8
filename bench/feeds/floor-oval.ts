// The OVAL floor's rows (see floor.ts): one pass of saxes (the parser claro uses; the platform has
// none for XML) over the file read in 1 MiB slices, definitions, tests, objects and states kept
// in memory as they close, then each definition's criteria expanded into (release, package)
// branches and one row per (namespace, package, fixed EVR), as claro writes them. No spooling,
// no index on disk, no profile beyond SUSE's release packages, no checks of test kinds.
import { closeSync, openSync, readSync } from "node:fs";
import { SaxesParser } from "saxes";

type Row = (string | null)[];
type Node = { op: "AND" | "OR"; children: (Node | string)[] };
interface Def {
  cve: string;
  severity: string | null;
  description: string | null;
  criteria: Node | string | null;
}

function dnf(n: Node | string): string[][] {
  if (typeof n === "string") return [[n]];
  const parts = n.children.map(dnf);
  if (n.op === "OR") return parts.flat();
  return parts.reduce<string[][]>((acc, p) => acc.flatMap((a) => p.map((b) => [...a, ...b])), [[]]);
}

function namespaceOf(object: string, version: string): string | null {
  const n = object.toLowerCase();
  if (!n.endsWith("-release")) return null;
  return n.startsWith("opensuse") ? `opensuse-leap:${version}` : `sles:${version}`;
}

export function* ovalRows(source: string, updater: string): Generator<Row> {
  const defs: Def[] = [];
  const tests = new Map<string, { object: string; state: string }>();
  const objects = new Map<string, string>();
  const states = new Map<string, { version?: string; evr?: string; arch?: string }>();
  const stack: Node[] = [];
  let def: Def | null = null;
  let text: string | null = null;
  let current = "";
  const parser = new SaxesParser();
  parser.on("opentag", (t) => {
    const name = t.name.slice(t.name.indexOf(":") + 1);
    const a = t.attributes as Record<string, string>;
    if (name === "definition") def = { cve: "", severity: null, description: null, criteria: null };
    else if (name === "criteria") stack.push({ op: a["operator"] === "OR" ? "OR" : "AND", children: [] });
    else if (name === "criterion") {
      const top = stack.at(-1);
      if (top) top.children.push(a["test_ref"]!);
      else if (def) def.criteria = a["test_ref"]!;
    } else if (name === "rpminfo_test" || name === "rpminfo_object" || name === "rpminfo_state") {
      current = a["id"]!;
      if (name === "rpminfo_test") tests.set(current, { object: "", state: "" });
      if (name === "rpminfo_state") states.set(current, {});
    } else if (name === "object" && a["object_ref"]) tests.get(current)!.object = a["object_ref"];
    else if (name === "state" && a["state_ref"]) tests.get(current)!.state = a["state_ref"];
    else if (["title", "description", "severity", "name", "version", "evr", "arch"].includes(name)) text = "";
  });
  parser.on("text", (t) => {
    if (text !== null) text += t;
  });
  parser.on("closetag", (t) => {
    const name = t.name.slice(t.name.indexOf(":") + 1);
    if (name === "criteria") {
      const n = stack.pop()!;
      const top = stack.at(-1);
      if (top) top.children.push(n);
      else if (def) def.criteria = n;
    } else if (name === "definition" && def) {
      defs.push(def);
      def = null;
    } else if (text !== null) {
      const v = text.trim();
      if (def && name === "title") def.cve = v;
      else if (def && name === "description") def.description = v;
      else if (def && name === "severity") def.severity = v;
      else if (name === "name") objects.set(current, v);
      else if (name === "version" || name === "evr" || name === "arch") states.get(current)![name] = v;
      text = null;
    }
  });
  const fd = openSync(source, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) parser.write(buf.toString("utf8", 0, n));
    parser.close();
  } finally {
    closeSync(fd);
  }
  for (const d of defs) {
    if (d.criteria === null) continue;
    const seen = new Set<string>();
    for (const branch of dnf(d.criteria)) {
      const namespaces: string[] = [];
      const fixes: { name: string; evr: string; arch: boolean }[] = [];
      for (const ref of branch) {
        const test = tests.get(ref);
        const object = objects.get(test?.object ?? "");
        const state = states.get(test?.state ?? "");
        if (!object || !state) continue;
        const ns = state.version === undefined ? null : namespaceOf(object, state.version);
        if (ns) namespaces.push(ns);
        else if (state.evr) fixes.push({ name: object, evr: state.evr.replace(/^0:/, ""), arch: state.arch !== undefined });
      }
      for (const ns of namespaces) {
        for (const f of fixes) {
          for (const n of f.arch ? ["aarch64", "ppc64le", "s390x", "x86_64"].map((a) => `${ns}/${a}`) : [ns]) {
            const key = `${n}\0${f.name}\0${f.evr}`;
            if (seen.has(key)) continue;
            seen.add(key);
            yield [
              updater,
              d.cve,
              "[]",
              n,
              f.name,
              "binary",
              "rpm",
              "fixed",
              f.evr,
              null,
              d.severity?.toLowerCase() ?? "unknown",
              d.severity,
              "[]",
              d.description,
              "[]",
              null,
            ];
          }
        }
      }
    }
  }
}
