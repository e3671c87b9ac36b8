import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { FatalError } from "../core/problem.js";
import type { Finding } from "../core/report.js";

/**
 * Klar's WHITELIST_FILE: ids ignored everywhere (`general`) and per image repository
 * (`images`, keyed by repository name without tag).
 */
export interface Whitelist {
  readonly general: readonly string[];
  readonly images: Readonly<Record<string, readonly string[]>>;
}

export const EMPTY_WHITELIST: Whitelist = { general: [], images: {} };

const DOCKER_HUB_HOSTS = new Set(["docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com"]);

const ids = z
  .array(z.union([z.string(), z.number()]).transform(String))
  .nullish()
  .transform((v) => v ?? []);

// Empty sections (`general:` with nothing under it) are null in YAML; Klar treats them as empty.
const whitelistFile = z
  .object({
    general: ids,
    images: z
      .record(z.string(), ids)
      .nullish()
      .transform((v) => v ?? {}),
  })
  .nullish()
  .transform((v) => v ?? { general: [], images: {} });

/** Parses a Klar whitelist YAML document. `origin` names the file in errors. */
export function parseWhitelist(yamlText: string, origin = "whitelist"): Whitelist {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch (e) {
    const detail = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new FatalError("CONFIG_INVALID", `${origin}: not valid YAML: ${detail}`, "Fix the whitelist file (see Klar's whitelist-example.yaml).", { cause: e });
  }
  const result = whitelistFile.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "top level";
    throw new FatalError(
      "CONFIG_INVALID",
      `${origin}: ${where}: ${issue?.message ?? "invalid"}`,
      "A whitelist has `general: [ids]` and `images: {<repository>: [ids]}`.",
    );
  }
  return result.data;
}

function splitHost(name: string): { host: string | null; path: string } {
  const slash = name.indexOf("/");
  if (slash < 0) return { host: null, path: name };
  const first = name.slice(0, slash);
  const isHost = first.includes(".") || first.includes(":") || first === "localhost";
  return isHost ? { host: first, path: name.slice(slash + 1) } : { host: null, path: name };
}

/**
 * The canonical form of a repository name, as Klar parses it: lower case, no tag or digest,
 * Docker Hub's hosts dropped and official images under `library/`. So `centos`,
 * `library/centos` and `docker.io/library/centos:7` all become `library/centos`; other
 * registries keep their host (`127.0.0.1:5000/test/alpine`).
 */
export function normaliseRepository(name: string): string {
  let n = name.trim().toLowerCase();
  const at = n.indexOf("@");
  if (at >= 0) n = n.slice(0, at);
  const lastSlash = n.lastIndexOf("/");
  const colon = n.indexOf(":", lastSlash + 1);
  if (colon >= 0) n = n.slice(0, colon);
  const { host, path } = splitHost(n);
  if (host === null || DOCKER_HUB_HOSTS.has(host)) return path.includes("/") ? path : `library/${path}`;
  return `${host}/${path}`;
}

/** Whether a whitelist key names the image's repository. A key without a host matches any host. */
export function repositoryMatches(key: string, repository: string): boolean {
  const k = normaliseRepository(key);
  const r = normaliseRepository(repository);
  if (k === r) return true;
  const rPath = splitHost(r).path;
  return splitHost(k).host === null && k === (rPath.includes("/") ? rPath : `library/${rPath}`);
}

/** The ids that apply to an image: the general ones plus those of its repository, upper-cased. */
export function whitelistedIds(whitelist: Whitelist, repository: string | null): ReadonlySet<string> {
  const out = new Set(whitelist.general.map((id) => id.trim().toUpperCase()));
  if (repository !== null) {
    for (const [key, list] of Object.entries(whitelist.images)) {
      if (repositoryMatches(key, repository)) for (const id of list) out.add(id.trim().toUpperCase());
    }
  }
  return out;
}

/** Klar matches on the vulnerability name; claro also matches any alias (a DSA for a CVE, …). */
export function isWhitelisted(finding: Finding, ids: ReadonlySet<string>): boolean {
  return [finding.id, ...finding.aliases].some((id) => ids.has(id.toUpperCase()));
}
