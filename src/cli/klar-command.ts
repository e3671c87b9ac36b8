import { readFileSync } from "node:fs";
import { FatalError, isFatalError } from "../core/problem.js";
import { parseSeverity, severityRank, SEVERITIES, type Severity } from "../core/severity.js";
import { policyFromKlarEnv, type Env } from "../report/klar-env.js";
import { whitelistedIds } from "../report/whitelist.js";
import { analyseWithClair, fetchKlarImage, type ClairV2Vulnerability } from "./klar-client.js";

/** Klar v2 exit codes: 0 within threshold, 1 over it, 2 any error preventing the analysis. */
export type KlarExit = 0 | 1 | 2;

const TITLES = ["Unknown", "Negligible", "Low", "Medium", "High", "Critical"] as const;
const title = (s: Severity): string => TITLES[severityRank(s)] ?? "Unknown";

/** `[scheme://][user:pass@]host[:port]`, scheme http and port 6060 by default, as Klar completes it. */
export function clairAddress(raw: string | undefined): string {
  const v = raw?.trim();
  if (!v) throw new FatalError("CONFIG_INVALID", "CLAIR_ADDR is required", "set CLAIR_ADDR to the Clair (or claro serve) address, e.g. localhost:6060");
  const withScheme = /^[a-z]+:\/\//i.test(v) ? v : `http://${v}`;
  const url = new URL(withScheme);
  if (url.port === "" && !/:\d+$/.test(url.host)) url.port = "6060";
  return url.toString().replace(/\/$/, "");
}

function minutes(env: Env, name: string): number {
  const v = env[name]?.trim();
  if (!v) return 60_000;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new FatalError("CONFIG_INVALID", `${name}: '${v}' is not a positive number of minutes`);
  return n * 60_000;
}

const truthy = (v: string | undefined): boolean => ["1", "t", "true"].includes(v?.trim().toLowerCase() ?? "");

/** `claro klar IMAGE`: Klar's client, against any server with the Clair v2 API. */
export async function klarCommand(image: string, env: Env, out: (s: string) => void, err: (s: string) => void, allowMetadataHosts = false): Promise<KlarExit> {
  try {
    const settings = policyFromKlarEnv(env, (p) => readFileSync(p, "utf8"));
    const clair = clairAddress(env["CLAIR_ADDR"]);
    const minimum: Severity = settings.policy.klarOutput ?? "unknown";
    const threshold = settings.policy.klarThreshold ?? 0;
    const user = env["DOCKER_USER"];
    const token = env["DOCKER_TOKEN"]?.trim();
    const img = await fetchKlarImage(image, {
      os: env["DOCKER_PLATFORM_OS"] || "linux",
      arch: env["DOCKER_PLATFORM_ARCH"] || "amd64",
      timeoutMs: minutes(env, "DOCKER_TIMEOUT"),
      ...(user ? { username: user, password: env["DOCKER_PASSWORD"] ?? "" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(truthy(env["REGISTRY_INSECURE"]) || truthy(env["DOCKER_INSECURE"]) ? { insecure: true } : {}),
      env,
      ...(allowMetadataHosts ? { allowMetadataHosts } : {}),
    });
    err(`Analysing ${img.layers.length} layers`);
    const features = await analyseWithClair(clair, img, minutes(env, "CLAIR_TIMEOUT"));
    const all: ClairV2Vulnerability[] = features.flatMap((f) =>
      (f.Vulnerabilities ?? []).map((v) => ({ ...v, FeatureName: f.Name, FeatureVersion: f.Version })),
    );
    const ids = settings.policy.whitelist ? whitelistedIds(settings.policy.whitelist, img.repository) : new Set<string>();
    const kept = all.filter((v) => !ids.has(v.Name));
    const severity = (v: ClairV2Vulnerability): Severity => parseSeverity(v.Severity) ?? "unknown";
    const shown = kept
      .filter((v) => severityRank(severity(v)) >= severityRank(minimum))
      .sort((a, b) => severityRank(severity(b)) - severityRank(severity(a)) || a.Name.localeCompare(b.Name));
    const counted = shown.filter((v) => !(settings.policy.ignoreUnfixed && !v.FixedBy)).length;
    render(settings.format ?? "standard", img.layers.length, all.length, all.length - kept.length, shown, severity, out);
    return counted > threshold ? 1 : 0;
  } catch (e) {
    err(`claro klar: ${isFatalError(e) ? `${e.message}${e.hint ? ` (${e.hint})` : ""}` : e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

function render(
  format: string,
  layers: number,
  found: number,
  whitelisted: number,
  shown: readonly ClairV2Vulnerability[],
  sev: (v: ClairV2Vulnerability) => Severity,
  out: (s: string) => void,
): void {
  const bySeverity = new Map<string, ClairV2Vulnerability[]>();
  for (const v of shown) {
    const key = title(sev(v));
    bySeverity.set(key, [...(bySeverity.get(key) ?? []), v]);
  }
  if (format === "json") {
    out(JSON.stringify({ LayerCount: layers, Vulnerabilities: Object.fromEntries(bySeverity) }, null, 2));
    return;
  }
  if (format === "table") {
    out(["Severity", "Name", "FeatureName", "FeatureVersion", "FixedBy", "Description", "Link"].join("\t"));
    for (const v of shown)
      out([v.Severity, v.Name, v.FeatureName ?? "", v.FeatureVersion ?? "", v.FixedBy ?? "", (v.Description ?? "").slice(0, 80), v.Link ?? ""].join("\t"));
    return;
  }
  out(`Found ${found} vulnerabilities`);
  out(`Whitelisted ${whitelisted} vulnerabilities`);
  for (const s of [...SEVERITIES].reverse()) {
    const n = bySeverity.get(title(s))?.length ?? 0;
    if (n > 0) out(`${title(s)}: ${n}`);
  }
  for (const v of shown) {
    out(`${v.Name}: [${v.Severity}] `);
    out(`Found in: ${v.FeatureName ?? ""} [${v.FeatureVersion ?? ""}]`);
    out(`Fixed By: ${v.FixedBy ?? ""}`);
    out(v.Description ?? "");
    out(v.Link ?? "");
    out("-----------------------------------------");
  }
}
