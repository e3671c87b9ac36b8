import { z } from "zod";
import { FatalError } from "../core/problem.js";
import { buildServer, DEFAULT_SERVER_CONFIG, type ServerConfig } from "../server/index.js";
import { openNotifier } from "../server/notifier/open-notifier.js";
import { startV2Health } from "../server/clair-v2/health.js";
import { HARBOR_AUTH_PATTERN } from "../server/harbor/auth.js";
import { DEFAULT_HARBOR_SCAN } from "../server/harbor/routes.js";
import { openServerStores } from "../app/stores.js";
import { DURATION_PATTERN, DURATION_HINT } from "../app/duration.js";
import { LocalIndexQueue } from "../server/jobs/index-queue.js";
import { DEFAULT_INDEX_POOL } from "../server/jobs/index-pool.js";
import { PostgresIndexQueue } from "../server/jobs/index-queue-pg.js";
import { configFilePath, readConfigDocument } from "./config.js";
import type { ExitCode } from "./errors.js";
import { compareVersions } from "../app/version-order.js";
import { registeredMatchers, registeredScanners } from "../app/engines.js";

const webhookSchema = z.object({ target: z.string().url(), callbackBase: z.string().url(), format: z.enum(["clair-v4", "clair-v2"]).optional() }).strict();

const serveSchema = z
  .object({
    db: z.string().min(1),
    listen: z.string().regex(/^[^:]+:\d{1,5}$/, "use HOST:PORT"),
    healthListen: z.string().regex(/^[^:]+:\d{1,5}$/, "use HOST:PORT"),
    allowHosts: z.array(z.string().min(1)),
    maxLayerBytes: z.number().int().positive(),
    layerTimeoutSeconds: z.number().positive(),
    bodyLimit: z.number().int().positive(),
    authKey: z.string().min(1),
    authIssuers: z.array(z.string().min(1)).min(1),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]),
    updatePeriod: z.union([z.string().regex(DURATION_PATTERN, `${DURATION_HINT}; 0 disables`), z.number().nonnegative()]),
    sources: z.array(z.string().regex(/^[a-z0-9-]+=.+$/, "use NAME=PATH|URL")),
    // Pull this `claro db push` artifact every updatePeriod instead of running the updaters.
    dbRepository: z.string().min(1),
    // One webhook, or one per format: `clair-v4` (default) or `clair-v2` (the {"Notification":{"Name"}} body Klar-era clients take).
    webhook: z.union([webhookSchema, z.array(webhookSchema).min(1).max(2)]),
    indexWorkers: z.number().int().min(1).max(64),
    indexLeaseSeconds: z.number().min(1),
    // Index work at once over all APIs (default: indexWorkers, else 2), and how much more waits before 503.
    indexConcurrency: z.number().int().min(1).max(64),
    indexQueueLimit: z.number().int().min(0).max(100_000),
    // leaseSeconds: how long a Harbor scan stays an instance's without renewal before another takes it over.
    harbor: z
      .object({ auth: z.string().regex(HARBOR_AUTH_PATTERN, 'use "Bearer TOKEN" or "Basic BASE64(user:password)"'), leaseSeconds: z.number().min(1) })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type ServeSettings = z.infer<typeof serveSchema>;

const ENV: Record<keyof ServeSettings, string> = {
  db: "CLARO_DB",
  listen: "CLARO_LISTEN",
  healthListen: "CLARO_HEALTH_LISTEN",
  allowHosts: "CLARO_ALLOW_HOSTS",
  maxLayerBytes: "CLARO_MAX_LAYER_BYTES",
  layerTimeoutSeconds: "CLARO_LAYER_TIMEOUT_SECONDS",
  bodyLimit: "CLARO_BODY_LIMIT",
  authKey: "CLARO_AUTH_KEY",
  authIssuers: "CLARO_AUTH_ISSUERS",
  logLevel: "CLARO_LOG_LEVEL",
  updatePeriod: "CLARO_UPDATE_PERIOD",
  sources: "CLARO_SOURCES",
  dbRepository: "CLARO_DB_REPOSITORY",
  webhook: "CLARO_WEBHOOK_TARGET",
  indexWorkers: "CLARO_INDEX_WORKERS",
  indexLeaseSeconds: "CLARO_INDEX_LEASE_SECONDS",
  indexConcurrency: "CLARO_INDEX_CONCURRENCY",
  indexQueueLimit: "CLARO_INDEX_QUEUE_LIMIT",
  harbor: "CLARO_HARBOR_AUTH",
};

/**
 * YAML file (its `serve:` section) < CLARO_* environment < flags. The file is found as every
 * command finds it (config.ts): --config, CLARO_CONFIG, ./claro.yaml, the XDG config.
 */
export function loadServeSettings(flags: ServeSettings, explicitPath: string | undefined, env: NodeJS.ProcessEnv = process.env): ServeSettings {
  let file: ServeSettings = {};
  const configPath = configFilePath(explicitPath, env);
  if (configPath !== null) {
    const doc: unknown = readConfigDocument(configPath);
    const section = typeof doc === "object" && doc !== null && "serve" in doc ? (doc as { serve: unknown }).serve : {};
    file = check(section ?? {}, `${configPath}: serve`);
    // The same file drives scan and db update through its top-level `db`; serve reads that
    // database too unless its own section names another.
    const topDb = typeof doc === "object" && doc !== null && "db" in doc ? (doc as { db: unknown }).db : undefined;
    if (file.db === undefined && typeof topDb === "string" && topDb !== "") file = { ...file, db: topDb };
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV)) {
    if (key === "harbor") {
      // Either variable alone configures its half of the harbor section.
      const lease = env["CLARO_HARBOR_LEASE_SECONDS"];
      const harbor = { ...(env[name] ? { auth: env[name] } : {}), ...(lease ? { leaseSeconds: Number(lease) } : {}) };
      if (Object.keys(harbor).length > 0) fromEnv[key] = harbor;
      continue;
    }
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    if (key === "webhook") {
      fromEnv[key] = {
        target: raw,
        callbackBase: env["CLARO_WEBHOOK_CALLBACK_BASE"] ?? "",
        ...(env["CLARO_WEBHOOK_FORMAT"] ? { format: env["CLARO_WEBHOOK_FORMAT"] } : {}),
      };
      continue;
    }
    fromEnv[key] =
      key === "allowHosts" || key === "authIssuers" || key === "sources"
        ? raw.split(",").map((s) => s.trim())
        : /^(maxLayerBytes|layerTimeoutSeconds|bodyLimit|indexWorkers|indexLeaseSeconds|indexConcurrency|indexQueueLimit)$/.test(key)
          ? Number(raw)
          : raw;
  }
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  const envSettings = check(fromEnv, "environment");
  // The harbor section merges per key, so a file's auth survives an environment lease (and back).
  const harbor = { ...file.harbor, ...envSettings.harbor, ...(defined["harbor"] as ServeSettings["harbor"]) };
  const merged = check({ ...file, ...envSettings, ...defined, ...(Object.keys(harbor).length > 0 ? { harbor } : {}) }, "settings");
  if ((merged.authKey === undefined) !== (merged.authIssuers === undefined)) {
    throw new FatalError("CONFIG_INVALID", "PSK auth needs both authKey and authIssuers", "set both (CLARO_AUTH_KEY, CLARO_AUTH_ISSUERS) or neither");
  }
  return merged;
}

function check(data: unknown, where: string): ServeSettings {
  const parsed = serveSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new FatalError(
    "CONFIG_INVALID",
    `${where}: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    `valid keys: ${Object.keys(ENV).join(", ")}`,
  );
}

/** Runs the service until SIGTERM/SIGINT; in-flight requests finish before the stores close. */
export async function serveCommand(s: ServeSettings): Promise<ExitCode> {
  if (s.dbRepository !== undefined && s.sources !== undefined) {
    throw new FatalError(
      "CONFIG_INVALID",
      "--db-repository and --source both say where the data comes from",
      "give one: pull the database artifact, or run the updaters from the sources",
    );
  }
  const [host, port] = (s.listen ?? "127.0.0.1:6060").split(/:(?=\d+$)/) as [string, string];
  const config: ServerConfig = {
    ...DEFAULT_SERVER_CONFIG,
    ...(s.bodyLimit !== undefined ? { bodyLimit: s.bodyLimit } : {}),
    ...(s.maxLayerBytes !== undefined ? { maxLayerBytes: s.maxLayerBytes } : {}),
    ...(s.layerTimeoutSeconds !== undefined ? { layerTimeoutMs: s.layerTimeoutSeconds * 1000 } : {}),
    urlPolicy: s.allowHosts !== undefined ? { allowHosts: s.allowHosts } : {},
    auth: s.authKey !== undefined && s.authIssuers !== undefined ? { key: s.authKey, issuers: s.authIssuers } : null,
    logger: { level: s.logLevel ?? "info" },
    ...(s.harbor?.auth !== undefined ? { harborAuth: s.harbor.auth } : {}),
    ...(s.harbor?.leaseSeconds !== undefined ? { harborScan: { ...DEFAULT_HARBOR_SCAN, leaseMs: s.harbor.leaseSeconds * 1000 } } : {}),
    indexPool: {
      concurrency: s.indexConcurrency ?? s.indexWorkers ?? DEFAULT_INDEX_POOL.concurrency,
      queueLimit: s.indexQueueLimit ?? DEFAULT_INDEX_POOL.queueLimit,
    },
    // The /ui dashboard's remediation and diff order versions as scan and diff do (dpkg's `~`).
    versionOrder: compareVersions,
  };
  const stores = await openServerStores(s.db);
  const { indexStore, advisoryStore, v2Layers, layerExtracts, harborScans } = stores;
  const deps = { indexStore, advisoryStore, v2Layers, layerExtracts, harborScans, scanners: registeredScanners(), matchers: registeredMatchers() };
  const notifier = await openNotifier(deps, {
    store: stores.notifier,
    updatePeriod: s.updatePeriod,
    sources: s.sources,
    webhook: s.webhook,
    dbRepository: s.dbRepository,
  });
  // Instances sharing PostgreSQL share its job queue; a SQLite instance queues in-process.
  const indexQueue =
    stores.indexJobs !== null
      ? new PostgresIndexQueue(stores.indexJobs, {
          ...(s.indexWorkers !== undefined ? { workers: s.indexWorkers } : {}),
          ...(s.indexLeaseSeconds !== undefined ? { leaseMs: s.indexLeaseSeconds * 1000 } : {}),
        })
      : new LocalIndexQueue(s.indexWorkers);
  const app = await buildServer(deps, { ...config, notifier, indexQueue });
  // Clair v2's health check lives on its own port (6061 by default).
  const probe = (): Promise<boolean> => app.inject({ method: "GET", url: "/readyz" }).then((r) => r.statusCode === 200);
  // A busy default port only costs the v2 health check (several instances on one host); an explicit one is fatal.
  const health = await startV2Health(s.healthListen ?? "127.0.0.1:6061", probe).catch(async (e: unknown) => {
    if (s.healthListen !== undefined) {
      await stores.close();
      throw e;
    }
    app.log.warn({ err: e }, "Clair v2 health check disabled: default port 6061 is busy");
    return { port: 0, close: async () => undefined };
  });
  try {
    await app.listen({ host, port: Number(port) });
  } catch (e) {
    await app.close().catch(() => undefined);
    await Promise.all([stores.close(), health.close()]);
    throw listenError(e, host, port);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  app.log.info("shutting down: finishing in-flight requests");
  await app.close();
  await health.close();
  await stores.close();
  return 0;
}

/** One line naming the port: EADDRINUSE is the usual cause (another claro, or a second start). */
function listenError(e: unknown, host: string, port: string): FatalError {
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "";
  if (code === "EADDRINUSE")
    return new FatalError(
      "CONFIG_INVALID",
      `port ${port} on ${host} is already in use`,
      "stop the process listening there, or choose another --listen HOST:PORT (CLARO_LISTEN)",
    );
  return new FatalError(
    "CONFIG_INVALID",
    `cannot listen on ${host}:${port}: ${e instanceof Error ? e.message : String(e)}`,
    "choose another --listen HOST:PORT (CLARO_LISTEN)",
  );
}
