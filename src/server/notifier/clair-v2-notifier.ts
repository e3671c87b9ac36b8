import { randomUUID } from "node:crypto";
import type { NotifierStore, V2NotificationRecord } from "../../contracts/notifier-store.js";
import { matchReport } from "../../app/match.js";
import { layerDiffId, layerIndex, type V2Context } from "../clair-v2/service.js";
import { toV2NotificationVulnerability } from "../clair-v2/shape.js";
import type { ServerDeps } from "../index-service.js";
import { memoryFinder, vulnerabilityKey, type VulnerabilityChange } from "./update-diff.js";

/**
 * The Clair v2 notifications of one update: one per changed vulnerability that a stored v2 layer
 * introduces before (Old) or after (New) the update. A layer "introduces" a vulnerability when an
 * affected feature was added by that very layer, as Clair v2's `LayersIntroducingVulnerability`.
 * Each layer's features are rebuilt from its stored extracts, as GET /v1/layers does: no layer is
 * downloaded or posted again. Only layers in a namespace the update touched are looked at.
 */
export async function v2Notifications(
  deps: ServerDeps,
  store: NotifierStore,
  changes: readonly VulnerabilityChange[],
  updateRef: string,
  maxFileSize: number,
): Promise<V2NotificationRecord[]> {
  const layers = deps.v2Layers;
  if (layers === undefined || changes.length === 0) return [];
  const namespaces = [...new Set(changes.flatMap((c) => [...c.old, ...c.new].map((a) => a.namespace)))];
  const names = await store.v2LayerNames(namespaces);
  if (names.length === 0) return [];
  const finders = { old: memoryFinder(changes.flatMap((c) => c.old)), new: memoryFinder(changes.flatMap((c) => c.new)) };
  // Only maxFileSize matters here: stored extracts are read, nothing is fetched.
  const ctx: V2Context = { deps, layers, settings: { urlPolicy: {}, maxLayerBytes: 0, layerTimeoutMs: 0, maxFileSize } };
  const introducing = { old: new Map<string, string[]>(), new: new Map<string, string[]>() };
  for (const name of names) {
    const found = await layerIndex(ctx, name);
    if (found === null) continue;
    const own = layerDiffId(name);
    for (const side of ["old", "new"] as const) {
      const findings = await matchReport(found.report, deps.matchers, finders[side]);
      for (const key of new Set(findings.filter((f) => f.layer === own).map(vulnerabilityKey))) {
        const list = introducing[side].get(key) ?? [];
        list.push(name);
        introducing[side].set(key, list);
      }
    }
  }
  const out: V2NotificationRecord[] = [];
  for (const c of changes) {
    const oldLayers = introducing.old.get(c.key) ?? [];
    const newLayers = introducing.new.get(c.key) ?? [];
    if (oldLayers.length === 0 && newLayers.length === 0) continue;
    out.push({
      name: randomUUID(),
      updateRef,
      old: c.old.length > 0 ? { vulnerability: { ...toV2NotificationVulnerability(c.old) }, layers: oldLayers } : null,
      new: c.new.length > 0 ? { vulnerability: { ...toV2NotificationVulnerability(c.new) }, layers: newLayers } : null,
    });
  }
  return out;
}
