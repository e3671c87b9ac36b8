import { inflateSync } from "node:zlib";
import type { ContentProbe } from "../../contracts/scanner.js";
import { elfSection } from "../../formats/elf.js";

export const CARGO_AUDITABLE_PROBE_ID = "cargo-auditable";

/**
 * cargo-auditable's dependency list (https://github.com/rust-secure-code/cargo-auditable,
 * format "v0"): zlib-compressed JSON in the `.dep-v0` section. `kind` is absent for runtime
 * dependencies and `"build"` for build-time ones (proc macros, build scripts); `root` marks the
 * binary's own crate.
 */
interface AuditableJson {
  readonly name: string;
  readonly version: string;
  readonly source?: string;
  readonly kind?: string;
  readonly root?: boolean;
}

const isOptional = (v: unknown, type: "string" | "boolean"): boolean => v === undefined || typeof v === type;

/**
 * `{ packages: [{ name, version, source?, kind?, dependencies?: number[], root? }] }`, names and
 * versions non-empty; anything else is not audit data. Checked by hand, not with zod: this module
 * loads for every scan (its probe looks at every executable), zod only when needed (issue 10 §3).
 */
function auditablePackages(json: unknown): readonly AuditableJson[] | undefined {
  if (typeof json !== "object" || json === null || !("packages" in json) || !Array.isArray(json.packages)) return undefined;
  for (const p of json.packages as unknown[]) {
    if (typeof p !== "object" || p === null || Array.isArray(p)) return undefined;
    const r = p as Record<string, unknown>;
    if (typeof r["name"] !== "string" || r["name"] === "" || typeof r["version"] !== "string" || r["version"] === "") return undefined;
    if (!isOptional(r["source"], "string") || !isOptional(r["kind"], "string") || !isOptional(r["root"], "boolean")) return undefined;
    const deps = r["dependencies"];
    if (deps !== undefined && !(Array.isArray(deps) && deps.every((d) => typeof d === "number"))) return undefined;
  }
  return json.packages as AuditableJson[];
}

export interface AuditablePackage {
  readonly name: string;
  readonly version: string;
  /** `crates.io`, `git`, `local`, `registry` or other, as cargo-auditable records it. */
  readonly source: string;
  readonly build: boolean;
  readonly root: boolean;
}

/** The audit data is small (KBs); a cap keeps a hostile section from inflating without bound. */
const MAX_INFLATED = 8 * 1024 * 1024;

/** The crates recorded in a cargo-auditable ELF binary, or undefined for anything else. Never throws. */
export function readAuditableDeps(b: Buffer): AuditablePackage[] | undefined {
  try {
    const section = elfSection(b, ".dep-v0");
    if (section === undefined) return undefined;
    const json: unknown = JSON.parse(inflateSync(section, { maxOutputLength: MAX_INFLATED }).toString("utf8"));
    const packages = auditablePackages(json);
    if (packages === undefined) return undefined;
    return packages.map((p) => ({
      name: p.name,
      version: p.version,
      source: p.source ?? "crates.io",
      build: p.kind === "build",
      root: p.root === true,
    }));
  } catch {
    return undefined;
  }
}

/** Rust binaries live anywhere, so they are found by content: executables with the ELF magic. */
export const cargoAuditableProbe: ContentProbe = {
  id: CARGO_AUDITABLE_PROBE_ID,
  maxBytes: 128 * 1024 * 1024,
  match: (e) => (e.mode & 0o111) !== 0 && e.size >= 1024,
  run: (content) => readAuditableDeps(content),
};

/** The probe result on a tree entry, narrowed again (it crossed the image boundary). */
export function auditableOf(probes: Readonly<Record<string, unknown>> | undefined): AuditablePackage[] | undefined {
  const r = probes?.[CARGO_AUDITABLE_PROBE_ID];
  if (!Array.isArray(r)) return undefined;
  const out: AuditablePackage[] = [];
  for (const x of r as unknown[]) {
    if (typeof x !== "object" || x === null) continue;
    const { name, version, source, build, root } = x as Record<string, unknown>;
    if (typeof name === "string" && typeof version === "string" && typeof source === "string") {
      out.push({ name, version, source, build: build === true, root: root === true });
    }
  }
  return out;
}
