import { FatalError } from "../../core/problem.js";
import { isDigest, type Digest } from "../../core/digest.js";

/** A parsed registry reference, normalised the way Docker and skopeo do it. */
export interface RegistryReference {
  /** The registry as users name it: `docker.io`, `127.0.0.1:5000`, `quay.io`. */
  readonly registry: string;
  /** The host (and port) the API is served from: `registry-1.docker.io` for docker.io. */
  readonly apiHost: string;
  /** `library/alpine`, `test/alpine`. */
  readonly repository: string;
  /** The tag; `latest` when neither tag nor digest was given, null for a bare digest. */
  readonly tag: string | null;
  readonly digest: Digest | null;
}

export const DOCKER_HUB = "docker.io";
const DOCKER_HUB_API = "registry-1.docker.io";
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

// The grammar of github.com/distribution/reference, minus the rarely used upper-case domain rule.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DOMAIN = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]{1,5})?$/;

function bad(input: string, why: string): FatalError {
  return new FatalError(
    "BAD_REFERENCE",
    `invalid image reference '${input}': ${why}`,
    "write it as [REGISTRY[:PORT]/]REPOSITORY[:TAG][@sha256:DIGEST], e.g. alpine:3.20 or 127.0.0.1:5000/test/alpine:3.9.6",
  );
}

/** Strips an optional `registry:` or `docker://` transport prefix. */
export function stripRegistryTransport(input: string): string {
  if (input.startsWith("docker://")) return input.slice("docker://".length);
  if (input.startsWith("registry:")) return input.slice("registry:".length);
  return input;
}

/** Parses `alpine`, `ns/name:tag`, `host:port/ns/name@sha256:…` and the like. Throws BAD_REFERENCE. */
export function parseReference(input: string): RegistryReference {
  const text = stripRegistryTransport(input.trim());
  if (text === "") throw bad(input, "it is empty");

  let rest = text;
  let digest: Digest | null = null;
  const at = rest.indexOf("@");
  if (at >= 0) {
    const d = rest.slice(at + 1);
    if (!isDigest(d)) throw bad(input, `'${d}' is not a sha256 digest (sha256: and 64 lower-case hex digits)`);
    digest = d;
    rest = rest.slice(0, at);
  }

  let tag: string | null = null;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) throw bad(input, `'${tag}' is not a valid tag`);
  }

  const slash = rest.indexOf("/");
  const first = slash >= 0 ? rest.slice(0, slash) : "";
  const hasDomain = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  let registry = hasDomain ? first : DOCKER_HUB;
  let repository = hasDomain ? rest.slice(slash + 1) : rest;
  if (hasDomain && !DOMAIN.test(registry)) throw bad(input, `'${registry}' is not a valid registry host`);
  if (DOCKER_HUB_ALIASES.has(registry.toLowerCase())) registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && !repository.includes("/")) repository = `library/${repository}`;

  if (repository === "") throw bad(input, "the repository name is missing");
  for (const part of repository.split("/")) {
    if (!PATH_COMPONENT.test(part)) {
      throw bad(input, `'${part}' is not a valid repository component (lower-case letters, digits, '.', '_', '-')`);
    }
  }
  if (repository.length > 255) throw bad(input, "the repository name is longer than 255 characters");

  if (tag === null && digest === null) tag = "latest";
  return { registry, apiHost: registry === DOCKER_HUB ? DOCKER_HUB_API : registry, repository, tag, digest };
}

/** The canonical text form: `docker.io/library/alpine:latest`, `127.0.0.1:5000/test/x@sha256:…`. */
export function formatReference(ref: RegistryReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag === null ? "" : `:${ref.tag}`}${ref.digest === null ? "" : `@${ref.digest}`}`;
}

/**
 * Normalises a repository name for comparisons (Klar whitelist keys): `centos`,
 * `library/centos` and `docker.io/library/centos:7` all give `library/centos`; other registries
 * keep their host (`quay.io/coreos/etcd`). Unparseable input is returned trimmed and lower-cased.
 */
export function normaliseRepository(name: string): string {
  try {
    const ref = parseReference(name);
    return ref.registry === DOCKER_HUB ? ref.repository : `${ref.registry}/${ref.repository}`;
  } catch {
    return name.trim().toLowerCase();
  }
}

/** The host part of `host:port` / `[v6]:port`, without brackets. */
export function hostOf(hostPort: string): string {
  if (hostPort.startsWith("[")) return hostPort.slice(1, hostPort.indexOf("]"));
  const colon = hostPort.lastIndexOf(":");
  return colon >= 0 && hostPort.indexOf(":") === colon ? hostPort.slice(0, colon) : hostPort;
}

/** Loopback registries (127.0.0.0/8, ::1, localhost) are spoken to over plain http by default. */
export function isLoopback(hostPort: string): boolean {
  const host = hostOf(hostPort).toLowerCase();
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}
