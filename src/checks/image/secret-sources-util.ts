import type { ImageConfig } from "../../core/image.js";
import type { Evidence } from "../../core/check.js";
import { commandParts, type HistoryStep, shellWords, splitCommands } from "./history-util.js";
import { findKnownSecrets, judgeAssignment, type SecretHit, splitAssignment } from "./secret-util.js";

function describe(hit: SecretHit): string {
  return hit.name === undefined ? `${hit.kind}: ${hit.preview}` : `${hit.kind} ${hit.name}=${hit.preview}`;
}

function dedupe(hits: readonly SecretHit[]): SecretHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const k = describe(h);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Secrets in `config.Env` and `config.Labels`. */
export function configSecretEvidence(config: ImageConfig): Evidence[] {
  const out: Evidence[] = [];
  for (const env of config.config.Env ?? []) {
    const a = splitAssignment(env);
    if (!a) continue;
    for (const h of judgeAssignment(a.name, a.value)) out.push({ file: "config", key: `config.Env.${a.name}`, value: h.preview, detail: describe(h) });
  }
  for (const [k, v] of Object.entries(config.config.Labels ?? {})) {
    for (const h of judgeAssignment(k, v)) out.push({ file: "config", key: `config.Labels.${k}`, value: h.preview, detail: describe(h) });
  }
  return out;
}

/** `ENV A=b C=d`, `ENV A b`, `ARG A=b`, `LABEL a=b` bodies as name/value pairs. */
function instructionAssignments(step: HistoryStep): { name: string; value: string }[] {
  const words = shellWords(step.body);
  const pairs = words.map(splitAssignment).filter((a): a is { name: string; value: string } => a !== null);
  if (pairs.length === 0 && step.instruction === "ENV" && words.length >= 2) return [{ name: words[0] ?? "", value: words.slice(1).join(" ") }];
  return pairs;
}

const SECRET_OPTION = /^--?([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$/;

/** Hits in a RUN command: build args, `NAME=value cmd` prefixes, `--password=x` options, known formats. */
function runSecrets(step: HistoryStep): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const arg of step.buildArgs) {
    const a = splitAssignment(arg);
    if (a) hits.push(...judgeAssignment(a.name, a.value));
  }
  for (const simple of splitCommands(step.body)) {
    const { assignments, argv } = commandParts(simple);
    for (const as of assignments) {
      const a = splitAssignment(as);
      if (a) hits.push(...judgeAssignment(a.name, a.value));
    }
    argv.forEach((w, i) => {
      const m = SECRET_OPTION.exec(w);
      if (!m || !/^--/.test(w)) return;
      const name = (m[1] ?? "").replace(/-/g, "_");
      const value = m[2] ?? argv[i + 1];
      if (value === undefined || value.startsWith("-")) return;
      if (/^(password|passwd|token|secret|api_key|access_token|auth_token|client_secret)$/i.test(name)) hits.push(...judgeAssignment(name, value));
    });
  }
  hits.push(...findKnownSecrets(step.body).filter((h) => !hits.some((x) => x.preview === h.preview)));
  return hits;
}

/** Secrets written into the build history (ENV/ARG/LABEL instructions, RUN commands and build args). */
export function historySecretEvidence(steps: readonly HistoryStep[], config: ImageConfig): Evidence[] {
  const env = new Set(config.config.Env ?? []);
  const out: Evidence[] = [];
  for (const step of steps) {
    let hits: SecretHit[];
    if (step.instruction === "ENV" || step.instruction === "ARG" || step.instruction === "LABEL") {
      hits = instructionAssignments(step)
        // The same value in config.Env is reported once, from the config.
        .filter((a) => !(step.instruction === "ENV" && env.has(`${a.name}=${a.value}`)))
        .flatMap((a) => judgeAssignment(a.name, a.value));
    } else if (step.instruction === "RUN") hits = runSecrets(step);
    else hits = findKnownSecrets(step.createdBy);
    for (const h of dedupe(hits)) out.push({ file: "config", key: `history[${step.index}]`, value: h.preview, detail: `${step.instruction}: ${describe(h)}` });
  }
  return out;
}
