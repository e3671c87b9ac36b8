import type { Digest } from "../../core/digest.js";
import type { VulnerabilityReport } from "../../core/report.js";
import { baseLayerCount } from "../remediation.js";

export interface LayerLabel {
  /** 1-based, in image order. */
  readonly position: number;
  readonly origin: "base" | "user";
  readonly createdBy: string | null;
}

/** Each layer's position and whether it came from the base image, by diffID (first occurrence). */
export function layerLabels(report: VulnerabilityReport): Map<Digest, LayerLabel> {
  const base = baseLayerCount(report.build);
  const out = new Map<Digest, LayerLabel>();
  report.layers.forEach((l, i) => {
    if (!out.has(l.diffId)) out.set(l.diffId, { position: i + 1, origin: i < base ? "base" : "user", createdBy: l.createdBy });
  });
  return out;
}

export function layerText(label: LayerLabel | undefined): string {
  if (label === undefined) return "?";
  return `${label.position} (${label.origin === "base" ? "base" : "yours"})`;
}

export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
