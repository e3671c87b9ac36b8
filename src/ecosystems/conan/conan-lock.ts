import { z } from "zod";

/**
 * `conan.lock`, both generations:
 * - Conan 1.x (lock `version` 0.x with `graph_lock.nodes`): one node per package in the graph,
 *   `ref` = `name/version[@user/channel][#revision]` (0.2 lockfiles wrote `pref`, the ref plus
 *   `:package_id`); node `"0"` is the consumer (a `path`, no ref). `context: "build"` nodes are
 *   build tools (dev).
 * - Conan 2.x (lock `version` 0.5): flat lists of refs, `name/version[@user/channel][#rrev[%timestamp]]`:
 *   `requires` (host graph), `build_requires` (tools: dev) and `python_requires` (recipe code,
 *   never shipped: dev too).
 * A reference with a user/channel is not a ConanCenter package and keeps that suffix in its name
 * so that it cannot match a ConanCenter record of the same short name.
 */
export interface ConanLockEntry {
  readonly name: string;
  readonly version: string;
  readonly dev: boolean;
}

const v1Schema = z.object({
  graph_lock: z.object({
    nodes: z.record(z.string(), z.object({ ref: z.string().optional(), pref: z.string().optional(), context: z.string().optional() }).passthrough()),
  }),
});
const v2Schema = z.object({
  requires: z.array(z.string()).optional(),
  build_requires: z.array(z.string()).optional(),
  python_requires: z.array(z.string()).optional(),
});

/** `zlib/1.2.13#rrev%ts` → zlib 1.2.13; `pkg/1.0@user/stable` → `pkg@user/stable` 1.0. */
export function parseConanRef(ref: string): { name: string; version: string } | undefined {
  const bare = ref.split(/[#:]/)[0]!.trim();
  const m = /^([^/@\s]+)\/([^@/\s]+)(?:@([^/\s]+)\/([^/\s]+))?$/.exec(bare);
  if (m === null) return undefined;
  const [, name, version, user, channel] = m;
  const scoped = user === undefined || user === "_" ? name! : `${name}@${user}/${channel}`;
  return { name: scoped, version: version! };
}

export function parseConanLock(text: string): ConanLockEntry[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  const out = new Map<string, ConanLockEntry>();
  const add = (ref: string, dev: boolean): void => {
    const r = parseConanRef(ref);
    if (r === undefined) return;
    const key = `${r.name}@${r.version}`;
    const prev = out.get(key);
    // A package in the host graph and among the tools ships: not dev.
    if (prev === undefined || (prev.dev && !dev)) out.set(key, { ...r, dev });
  };
  const v1 = v1Schema.safeParse(doc);
  if (v1.success) {
    for (const node of Object.values(v1.data.graph_lock.nodes)) {
      const ref = node.ref ?? node.pref;
      if (ref !== undefined && ref !== "") add(ref, node.context === "build");
    }
    return [...out.values()];
  }
  const v2 = v2Schema.safeParse(doc);
  if (v2.success && (v2.data.requires !== undefined || v2.data.build_requires !== undefined)) {
    for (const ref of v2.data.requires ?? []) add(ref, false);
    for (const ref of [...(v2.data.build_requires ?? []), ...(v2.data.python_requires ?? [])]) add(ref, true);
    return [...out.values()];
  }
  return "not a conan.lock (neither graph_lock.nodes nor requires lists)";
}
