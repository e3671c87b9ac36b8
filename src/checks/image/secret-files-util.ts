import { findKnownSecrets, judgeAssignment, type SecretHit, isObviousNonSecret, redact } from "./secret-util.js";

/**
 * Package trees ship test keys and sample configs by the thousand (node_modules test fixtures,
 * Python test suites, docs); they are public and would drown real findings.
 */
const THIRD_PARTY = /(?:^|\/)(?:node_modules|site-packages|dist-packages|vendor|usr\/share\/doc|usr\/share\/ca-certificates|etc\/ssl\/certs)(?:\/|$)/;

export function isThirdPartyPath(path: string): boolean {
  return THIRD_PARTY.test(path);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** `KEY=value` / `key = value` lines (dotenv, ini, npmrc), with `export ` and quotes handled. */
function keyValueLines(text: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) continue;
    const m = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (m) out.push({ name: m[1] ?? "", value: m[2] ?? "" });
  }
  return out;
}

/** npm auth keys look like `//registry.npmjs.org/:_authToken=…`; `${NPM_TOKEN}` is the safe form. */
function npmrcHits(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const { name, value } of keyValueLines(text)) {
    const key = name.slice(name.lastIndexOf(":") + 1);
    if (/^_(authToken|auth|password)$/.test(key) && !isObviousNonSecret(value)) hits.push({ kind: "npm-auth", name: key, preview: redact(value) });
  }
  return hits;
}

/** docker `config.json` with inline credentials (`auths.*.auth` or an identity token). */
function dockerConfigHits(text: string): SecretHit[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof doc !== "object" || doc === null) return [];
  const auths = (doc as Record<string, unknown>)["auths"];
  if (typeof auths !== "object" || auths === null) return [];
  const hits: SecretHit[] = [];
  for (const [registry, entry] of Object.entries(auths)) {
    if (typeof entry !== "object" || entry === null) continue;
    const e = entry as Record<string, unknown>;
    for (const k of ["auth", "password", "identitytoken", "registrytoken"]) {
      const v = e[k];
      if (typeof v === "string" && v !== "") hits.push({ kind: "docker-auth", name: `auths.${registry}.${k}`, preview: redact(v) });
    }
  }
  return hits;
}

/** String leaves of a JSON document as name/value pairs (credentials.json, service-account files). */
function jsonPairs(text: string): { name: string; value: string }[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const out: { name: string; value: string }[] = [];
  const walk = (v: unknown, name: string): void => {
    if (typeof v === "string") out.push({ name, value: v });
    else if (Array.isArray(v)) v.forEach((x) => walk(x, name));
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(doc, "");
  return out;
}

function netrcHits(text: string): SecretHit[] {
  const words = text.split(/\s+/);
  const hits: SecretHit[] = [];
  words.forEach((w, i) => {
    const v = words[i + 1];
    if (w === "password" && v !== undefined && !isObviousNonSecret(v)) hits.push({ kind: "netrc-password", name: "password", preview: redact(v) });
  });
  return hits;
}

/** Credentials in one buffered file, judged by the file's kind and by known formats. */
export function fileSecretHits(path: string, text: string): SecretHit[] {
  const name = baseName(path);
  const hits: SecretHit[] = [];
  if (name === ".npmrc") hits.push(...npmrcHits(text));
  else if (name === "config.json" && path.endsWith(".docker/config.json")) hits.push(...dockerConfigHits(text));
  else if (name === ".netrc") hits.push(...netrcHits(text));
  else if (name === ".env" || path.endsWith(".aws/credentials")) for (const kv of keyValueLines(text)) hits.push(...judgeAssignment(kv.name, kv.value));
  else if (name.endsWith(".json")) for (const kv of jsonPairs(text)) hits.push(...judgeAssignment(kv.name, kv.value));
  const known = findKnownSecrets(text).filter((h) => !hits.some((x) => x.preview === h.preview || (x.kind === h.kind && h.kind === "private-key")));
  return [...hits, ...known];
}

const CANDIDATE_NAMES = new Set([".npmrc", ".git-credentials", ".env", ".netrc", "credentials.json", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"]);

/** Mirrors `SECRET_FILE_WANTS`: files whose content the secret rules read. */
export function isSecretCandidate(path: string): boolean {
  const name = baseName(path);
  return (
    CANDIDATE_NAMES.has(name) || name.endsWith(".pem") || name.endsWith(".key") || path.endsWith(".aws/credentials") || path.endsWith(".docker/config.json")
  );
}
