import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import type { z as Zod } from "zod";
import { FatalError } from "../core/problem.js";
import { DURATION_HINT, DURATION_PATTERN } from "../app/duration.js";

/** Settings shared by flags, `CLARO_*` environment variables and a YAML file (flags win, then env). */
function buildSettingsSchema(z: typeof Zod) {
  return z
    .object({
      db: z.string(),
      platform: z.string(),
      format: z.string(),
      severity: z.string(),
      failOn: z.string(),
      ignoreUnfixed: z.boolean(),
      // scan: also match development-only packages (lockfile dev flags); left out by default.
      includeDevDeps: z.boolean(),
      insecure: z.boolean(),
      username: z.string(),
      password: z.string(),
      // Durations: one grammar (app/duration.ts), checked here so the error names the key.
      dbMaxAge: z.union([z.string().regex(DURATION_PATTERN, DURATION_HINT), z.number().nonnegative()]),
      // scan: pull the database from this OCI artifact when it is missing or older than dbMaxAge.
      dbRepository: z.string(),
      maxFileSize: z.number().int().positive(),
      // Total bytes one scan holds for parsing (wanted files, probed archives); see image/buffer-budget.ts.
      maxBufferedBytes: z.number().int().nonnegative(),
      // A duration (`90s`, `10m`) or a number of seconds; read by cli/deadline.ts.
      timeout: z.union([z.string().regex(DURATION_PATTERN, DURATION_HINT), z.number().positive()]),
      // db update: accept an update that shrinks an updater's data past maxShrink (a fraction).
      allowShrink: z.boolean(),
      maxShrink: z.number().positive().max(1),
      // scan: the exit code when the image's release is past its end of life (Trivy's --exit-on-eol).
      exitOnEol: z.number().int().min(0).max(255),
    })
    .partial()
    .strict();
}

type SettingsSchema = ReturnType<typeof buildSettingsSchema>;
export type Settings = Zod.infer<SettingsSchema>;

// zod loads only when there is something to validate: most runs have no config file and no
// CLARO_* variable, and zod is a tenth of a `claro sbom` run's start-up (issue 10 §3).
let schema: SettingsSchema | undefined;
const schemaFrom = (z: typeof Zod): SettingsSchema => (schema ??= buildSettingsSchema(z));
const requireZod = (): typeof Zod => (createRequire(import.meta.url)("zod") as { z: typeof Zod }).z;

const ENV: Record<keyof Settings, string> = {
  db: "CLARO_DB",
  platform: "CLARO_PLATFORM",
  format: "CLARO_FORMAT",
  severity: "CLARO_SEVERITY",
  failOn: "CLARO_FAIL_ON",
  ignoreUnfixed: "CLARO_IGNORE_UNFIXED",
  includeDevDeps: "CLARO_INCLUDE_DEV_DEPS",
  insecure: "CLARO_INSECURE",
  username: "CLARO_USERNAME",
  password: "CLARO_PASSWORD",
  dbMaxAge: "CLARO_DB_MAX_AGE",
  dbRepository: "CLARO_DB_REPOSITORY",
  maxFileSize: "CLARO_MAX_FILE_SIZE",
  maxBufferedBytes: "CLARO_MAX_BUFFERED_BYTES",
  timeout: "CLARO_TIMEOUT",
  allowShrink: "CLARO_ALLOW_SHRINK",
  maxShrink: "CLARO_MAX_SHRINK",
  exitOnEol: "CLARO_EXIT_ON_EOL",
};

/** The config file: `--config`, else `CLARO_CONFIG`, else `./claro.yaml`, else `$XDG_CONFIG_HOME/claro/config.yaml`. */
export function loadSettings(flags: Settings, configPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Settings {
  const found = gather(configPath, env);
  return merge(flags, found, found.needsSchema ? schemaFrom(requireZod()) : null);
}

/** `loadSettings` for the CLI: zod, when needed, is imported as an ES module like everywhere else. */
export async function loadSettingsAsync(flags: Settings, configPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const found = gather(configPath, env);
  return merge(flags, found, found.needsSchema ? schemaFrom((await import("zod")).z) : null);
}

interface Gathered {
  readonly file: { readonly path: string; readonly doc: unknown } | null;
  readonly fromEnv: Record<string, unknown>;
  readonly needsSchema: boolean;
}

function gather(configPath: string | undefined, env: NodeJS.ProcessEnv): Gathered {
  const path = configFilePath(configPath, env);
  const file = path === null ? null : { path, doc: withoutServeSection(readConfigDocument(path)) };
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    fromEnv[key] = coerce(key as keyof Settings, raw, name);
  }
  return { file, fromEnv, needsSchema: file !== null || Object.keys(fromEnv).length > 0 };
}

function merge(flags: Settings, found: Gathered, s: SettingsSchema | null): Settings {
  // Without a file or a variable there is nothing to validate: the schema would return `{}`.
  const file = found.file === null || s === null ? {} : validate(s, found.file.doc, found.file.path);
  const envSettings = s === null ? {} : validate(s, found.fromEnv, "environment");
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  return { ...file, ...envSettings, ...defined };
}

/**
 * The one config file every command reads (`claro serve` its `serve:` section): `--config`, else
 * `CLARO_CONFIG`, else `./claro.yaml`, else `$XDG_CONFIG_HOME/claro/config.yaml`; null when none.
 */
export function configFilePath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = explicit ?? (env["CLARO_CONFIG"] || undefined);
  if (chosen !== undefined) {
    if (!existsSync(chosen)) throw new FatalError("CONFIG_INVALID", `config file ${chosen} not found`, "check --config / CLARO_CONFIG");
    return chosen;
  }
  const xdg = env["XDG_CONFIG_HOME"] || join(homedir(), ".config");
  return ["claro.yaml", join(xdg, "claro", "config.yaml")].find((p) => existsSync(p)) ?? null;
}

// The YAML parser loads only when there is a config file to read: most runs have none, and it
// costs a whole `claro sbom` tens of milliseconds to load (issue 10 §3).
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)("yaml") as typeof import("yaml")).parse(text);

/** The YAML document of a config file, `{}` when empty. */
export function readConfigDocument(path: string): unknown {
  try {
    return parseYaml(readFileSync(path, "utf8")) ?? {};
  } catch (e) {
    throw new FatalError("CONFIG_INVALID", `${path}: not valid YAML (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`);
  }
}

/**
 * One claro.yaml serves every command: its `serve:` section belongs to `claro serve`
 * (serve-command.ts validates it), so the other commands leave it out instead of rejecting it.
 */
function withoutServeSection(data: unknown): unknown {
  if (typeof data !== "object" || data === null || Array.isArray(data) || !("serve" in data)) return data;
  const { serve: _serve, ...rest } = data as Record<string, unknown>;
  return rest;
}

function coerce(key: keyof Settings, raw: string, name: string): unknown {
  if (key === "ignoreUnfixed" || key === "includeDevDeps" || key === "insecure" || key === "allowShrink") {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new FatalError("CONFIG_INVALID", `${name}='${raw}' is not a boolean`, "use true or false");
  }
  if (key === "maxBufferedBytes") return parseByteSize(raw, name);
  if (key === "maxFileSize" || key === "maxShrink" || key === "exitOnEol") return Number(raw);
  return raw;
}

function validate(schema: SettingsSchema, data: unknown, where: string): Settings {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") || "(root)";
    throw new FatalError("CONFIG_INVALID", `${where}: ${path}: ${issue?.message ?? "invalid"}`, `valid keys: ${Object.keys(ENV).join(", ")}`);
  }
  return parsed.data;
}

/** `268435456`, `512MiB`, `1GiB`, `64KiB` → bytes (binary units; `MB`/`GB` are read as MiB/GiB). */
export function parseByteSize(value: string, what: string): number {
  const m = /^(\d+)\s*(k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(value.trim());
  if (!m) throw new FatalError("CONFIG_INVALID", `${what}: '${value}' is not a byte size`, "use a number of bytes or e.g. 256MiB, 1GiB");
  const unit = (m[2] ?? "").toLowerCase()[0];
  const scale = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  return Number(m[1]) * scale;
}

// One duration grammar for every command and `serve` (issue 10): app/duration.ts.
export { parseDuration } from "../app/duration.js";
