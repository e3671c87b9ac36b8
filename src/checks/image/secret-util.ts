/**
 * Secret detection for ENV, labels, build history and small files. Two sources of confidence:
 * known credential formats (matched anywhere), and `NAME=value` pairs whose name says secret
 * and whose value is not an obvious non-secret. Dockle flags any name containing KEY, PASS or
 * ACCESS with any value, which is what its users hit (catalogue: #130 GPG keys, #159, #202,
 * #250); the allow-lists below are the answer to those issues.
 */

export interface SecretHit {
  /** What was recognised: `aws-access-key-id`, `private-key`, `named-value`, … */
  readonly kind: string;
  /** The variable or key name, for name-based hits. */
  readonly name?: string;
  /** A redacted preview: enough to find it, never the whole secret. */
  readonly preview: string;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export function redact(value: string): string {
  const v = value.trim();
  const keep = v.length > 12 ? 4 : Math.min(2, Math.floor(v.length / 3));
  return `${v.slice(0, keep)}… (${v.length} chars)`;
}

interface Format {
  readonly kind: string;
  readonly re: RegExp;
  /** Extra test on the match, for shapes common enough to need entropy. */
  readonly accept?: (m: string) => boolean;
}

const FORMATS: readonly Format[] = [
  { kind: "private-key", re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: "aws-access-key-id", re: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  { kind: "aws-secret-access-key", re: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi },
  { kind: "github-token", re: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g },
  { kind: "github-token", re: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g },
  { kind: "gitlab-token", re: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: "slack-token", re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { kind: "stripe-live-key", re: /\b[sr]k_live_[A-Za-z0-9]{24,}\b/g },
  { kind: "google-api-key", re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  {
    kind: "jwt",
    re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g,
    // Documentation and tests are full of JWT-shaped samples; a real signature is random.
    accept: (m) => shannonEntropy(m.split(".")[2] ?? "") >= 4,
  },
  { kind: "url-credentials", re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]*:([^\s/@'"]+)@[^\s/'"]+/gi, accept: (m) => urlPasswordIsReal(m) },
];

/** A docs example (`AKIAIOSFODNN7EXAMPLE`) or template value is not a leak. */
function isExample(m: string): boolean {
  return /EXAMPLE|XXXXXXXX|0000000000000000/i.test(m);
}

function urlPasswordIsReal(url: string): boolean {
  const m = /:\/\/[^\s/:@]*:([^\s/@]+)@/.exec(url);
  const pw = m?.[1] ?? "";
  return pw !== "" && !isPlaceholder(pw) && !/^\$/.test(pw);
}

/** Credentials of a known format anywhere in `text`. */
export function findKnownSecrets(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const f of FORMATS) {
    for (const m of text.matchAll(f.re)) {
      const s = m[0];
      if (isExample(s) || (f.accept && !f.accept(s))) continue;
      hits.push({ kind: f.kind, preview: f.kind === "private-key" ? s : redact(s) });
    }
  }
  return hits;
}

const STRONG = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|AUTH_?KEY|CLIENT_?KEY/;
const STRONG_SEGMENT = new Set(["PASS", "PWD_HASH", "PW"]);
/** Names that talk about keys without being one: signing-key fingerprints, key servers, public keys. */
const NOT_SECRET_NAME = /GPG|PGP|FINGERPRINT|KEYSERVER|KEYRING|KEY_?SERVER|PUBLIC|PUBKEY|KEYID|KEY_ID$|TOKENIZER/;
/** `*_FILE` points at a file (the Docker secrets convention); the others describe a secret, not hold it. */
const DESCRIPTIVE_SUFFIX =
  /_(FILE|PATH|DIR|URL|URI|HOST|PORT|USER|USERNAME|NAME|LENGTH|LEN|SIZE|TTL|TIMEOUT|EXPIRY|EXPIRES|LIFETIME|TYPE|ALGORITHM|ALG|VERSION|ENABLED|MODE|HEADER|FIELD|ENDPOINT|LOCATION|POLICY|MIN|MAX|COUNT|PREFIX)$/;

/** How strongly a variable name suggests a secret: `strong`, `weak` (a bare KEY), or null. */
export function secretNameStrength(name: string): "strong" | "weak" | null {
  // Both spellings: `dbPassword` splits at the case change, `PasS` must not.
  const forms = [name, name.replace(/([a-z0-9])([A-Z])/g, "$1_$2")].map((n) => n.toUpperCase().replace(/[^A-Z0-9]+/g, "_"));
  if (forms.some((u) => NOT_SECRET_NAME.test(u) || DESCRIPTIVE_SUFFIX.test(u))) return null;
  const segments = forms.flatMap((u) => u.split("_").filter(Boolean));
  if (forms.some((u) => STRONG.test(u)) || segments.some((s) => STRONG_SEGMENT.has(s))) return "strong";
  if (segments.some((s) => s === "KEY" || s === "KEYS")) return "weak";
  return null;
}

const PLACEHOLDER =
  /^(?:change[-_ ]?me|change[-_ ]?it|changeme123|x+|\*+|\.+|-+|<[^>]*>|\{\{[^}]*\}\}|%[A-Z_]+%|your[-_ ].*|replace[-_ ]?me.*|todo|tbd|none|null|nil|undefined|false|true|yes|no|on|off|dummy|example|sample|placeholder|redacted|secret_here|unset|default)$/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

/** Values that cannot be a credential whatever the name: references, paths, plain URLs, versions, small numbers. */
export function isObviousNonSecret(value: string): boolean {
  const v = value.trim();
  if (v === "" || isPlaceholder(v)) return true;
  if (/^\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*|\(.*\))$/.test(v)) return true;
  if (/^(?:\/|\.\.?\/|~\/)\S*$/.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(v)) return true;
  if (/^v?\d+(?:\.\d+)+(?:[-+~][\w.~+-]*)?$/.test(v)) return true;
  if (/^\d{1,6}$/.test(v)) return true;
  return false;
}

/**
 * Judges one `NAME=value` pair. Strong names (PASSWORD, SECRET, TOKEN, API_KEY…) fail with any
 * real-looking value, as a hard-coded password is the point of CIS 4.10; a bare `KEY` name
 * (CACHE_KEY, SORT_KEY) needs a long, random-looking value. Known formats fail whatever the name.
 */
export function judgeAssignment(name: string, rawValue: string): SecretHit[] {
  const value = rawValue.trim().replace(/^(["'])(.*)\1$/s, "$2");
  const formats = findKnownSecrets(value);
  if (formats.length > 0) return formats.map((h) => ({ ...h, name }));
  const strength = secretNameStrength(name);
  if (strength === null || isObviousNonSecret(value)) return [];
  const entropy = shannonEntropy(value);
  const looksSecret = strength === "strong" ? entropy >= 1.5 : value.length >= 16 && entropy >= 3.5;
  return looksSecret ? [{ kind: "named-value", name, preview: redact(value) }] : [];
}

/** Splits `NAME=value`; returns null for anything else. */
export function splitAssignment(s: string): { name: string; value: string } | null {
  const m = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(s);
  return m ? { name: m[1] ?? "", value: m[2] ?? "" } : null;
}
