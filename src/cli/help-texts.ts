// Help texts too long for main.ts. This module imports nothing, so `claro --version` and `--help`
// stay cheap; the updater names come from the registry, loaded only when help is printed.

/** `claro db update --help`: every updater name, read from the ecosystem and enricher registries. */
export function updaterHelp(ecosystems: readonly string[], enrichers: readonly string[]): string {
  return `
Updaters (names for --only and --source NAME=…):
${wrap([...ecosystems].sort().join(", "), "  ")}
  enrichment: ${[...enrichers].sort().join(", ")} (nvd only when named: its API is paged and rate-limited)
  The language ecosystems read OSV: --source golang=DIR|URL takes an OSV directory or zip for Go,
  and likewise npm=, pypi=, maven=, cargo=… for theirs.`;
}

/** The texts printed after the options of `db update`, `serve` and `klar`. */
export interface HelpTexts {
  readonly update: string;
  readonly serve: string;
  readonly klar: string;
}

/**
 * Loads the registry for its names only when `db update --help` can show them: the registry is
 * every ecosystem's module, which made `claro --help` take 6x a bare node start.
 */
export async function loadHelpTexts(withUpdaterNames: boolean): Promise<HelpTexts> {
  const names = withUpdaterNames ? await updaterNames() : "";
  return {
    update: `${UPDATE_EXAMPLES}\n${names}`,
    serve: `${SERVE_SETTINGS_HELP}\n${SERVE_EXAMPLES}`,
    klar: KLAR_HELP,
  };
}

async function updaterNames(): Promise<string> {
  const [{ knownFeedNames }, { enrichers }] = await Promise.all([import("../app/feeds.js"), import("../app/enrichers.js")]);
  return updaterHelp(knownFeedNames(false), Object.keys(enrichers));
}

function wrap(text: string, indent: string, width = 96): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(indent + line);
  return lines.join("\n");
}

/**
 * The environment `claro klar` reads, as Klar does (src/cli/klar-command.ts and
 * src/report/klar-env.ts; klar-help.test.ts keeps this list equal to what they read).
 */
export const KLAR_VARIABLES: readonly (readonly [string, string])[] = [
  ["CLAIR_ADDR", "Clair v2 API address (claro serve), [scheme://]host[:port]; http and port 6060 by default (required)"],
  ["CLAIR_OUTPUT", "lowest severity printed: Unknown (default), Negligible, Low, Medium, High, Critical, Defcon1"],
  ["CLAIR_THRESHOLD", "exit 1 when more vulnerabilities than this are printed (default 0)"],
  ["CLAIR_TIMEOUT", "minutes to wait for the Clair server (default 1)"],
  ["DOCKER_USER", "registry user name"],
  ["DOCKER_PASSWORD", "registry password"],
  ["DOCKER_TOKEN", "registry bearer token, instead of a user and password"],
  ["DOCKER_INSECURE", "true: plain http and no TLS verification for the registry"],
  ["REGISTRY_INSECURE", "the same as DOCKER_INSECURE"],
  ["DOCKER_PLATFORM_OS", "platform OS to pick from a multi-arch image (default linux)"],
  ["DOCKER_PLATFORM_ARCH", "platform architecture to pick (default amd64)"],
  ["DOCKER_TIMEOUT", "minutes to wait for the registry (default 1)"],
  ["JSON_OUTPUT", "true: print JSON instead of text"],
  ["FORMAT_OUTPUT", "standard (default), json or table"],
  ["WHITELIST_FILE", "YAML file of ignored ids: `general:` for every image, `images:` per repository"],
  ["IGNORE_UNFIXED", "true: vulnerabilities without a fix are printed but not counted against CLAIR_THRESHOLD"],
];

export const KLAR_HELP = `
Environment (as Klar):
${KLAR_VARIABLES.map(([name, what]) => `  ${name.padEnd(22)}${what}`).join("\n")}

Example:
  CLAIR_ADDR=localhost:6060 CLAIR_OUTPUT=High CLAIR_THRESHOLD=10 claro klar registry.example.com/team/app:1.4`;

/**
 * Every `claro serve` setting: the key of claro.yaml's `serve:` section, its environment variable
 * and flag, and the default (serve-command.ts; klar-help.test.ts checks that none is missing).
 */
export const SERVE_SETTINGS: readonly (readonly [key: string, env: string, flag: string, what: string])[] = [
  ["db", "CLARO_DB", "--db", "database, sqlite:PATH or postgres://…?schema=NAME (default $XDG_CACHE_HOME/claro/db.sqlite)"],
  ["listen", "CLARO_LISTEN", "--listen", "API address (default 127.0.0.1:6060)"],
  ["healthListen", "CLARO_HEALTH_LISTEN", "--health-listen", "Clair v2 GET /health address (default 127.0.0.1:6061)"],
  ["logLevel", "CLARO_LOG_LEVEL", "--log-level", "fatal, error, warn, info (default), debug or trace; -v means debug"],
  [
    "allowHosts",
    "CLARO_ALLOW_HOSTS",
    "--allow-hosts",
    "the only hosts (or host:port) layers may be fetched from, comma-separated (default: any host but link-local and cloud metadata)",
  ],
  ["updatePeriod", "CLARO_UPDATE_PERIOD", "--update-period", "run the updaters every 6h (default), 30m, 90s…; 0 disables"],
  ["sources", "CLARO_SOURCES", "--source", "NAME=PATH|URL feeds, as for `claro db update` (env: comma-separated)"],
  [
    "dbRepository",
    "CLARO_DB_REPOSITORY",
    "--db-repository",
    "pull this `claro db push` artifact every updatePeriod instead of running the updaters (not with sources)",
  ],
  ["indexWorkers", "CLARO_INDEX_WORKERS", "--index-workers", "index jobs this instance runs at once (default 2)"],
  [
    "indexLeaseSeconds",
    "CLARO_INDEX_LEASE_SECONDS",
    "--index-lease-seconds",
    "how long a claimed index job stays an instance's without a heartbeat (default 30)",
  ],
  ["indexConcurrency", "CLARO_INDEX_CONCURRENCY", "", "index work at once over all APIs (default: indexWorkers, else 2)"],
  ["indexQueueLimit", "CLARO_INDEX_QUEUE_LIMIT", "", "index requests that may wait before the API answers 503 (default 64)"],
  ["maxLayerBytes", "CLARO_MAX_LAYER_BYTES", "", "largest layer fetched, in bytes (default 2 GiB)"],
  ["layerTimeoutSeconds", "CLARO_LAYER_TIMEOUT_SECONDS", "", "give up fetching one layer after this long (default 300)"],
  ["bodyLimit", "CLARO_BODY_LIMIT", "", "largest request body, in bytes (default 1 MiB)"],
  ["authKey", "CLARO_AUTH_KEY", "", "pre-shared key for Clair's PSK JWT auth (with authIssuers)"],
  ["authIssuers", "CLARO_AUTH_ISSUERS", "", "accepted JWT issuers, comma-separated (with authKey)"],
  [
    "webhook",
    "CLARO_WEBHOOK_TARGET",
    "",
    "notification webhook {target, callbackBase, format: clair-v4|clair-v2} (env: also CLARO_WEBHOOK_CALLBACK_BASE, CLARO_WEBHOOK_FORMAT)",
  ],
  ["harbor.auth", "CLARO_HARBOR_AUTH", "", 'Harbor adapter credentials, "Bearer TOKEN" or "Basic BASE64"'],
  ["harbor.leaseSeconds", "CLARO_HARBOR_LEASE_SECONDS", "", "how long a Harbor scan stays an instance's without renewal (default 60)"],
];

export const SERVE_SETTINGS_HELP = `
Settings (flag > environment > the serve: section of --config FILE):
${SERVE_SETTINGS.map(([key, env, flag, what]) => `  ${key} (${env}${flag === "" ? "" : `, ${flag}`})\n${wrap(what, "      ")}`).join("\n")}`;

// Examples printed after the options of `db update` and `serve`.
export const UPDATE_EXAMPLES = `
Examples:
  claro db update                                   all feeds from upstream
  claro db update --only debian,alpine
  claro db update --source debian=./mirror/data.json --source alpine=./mirror/secdb
  claro db update --db postgres://claro@db:5432/claro`;

export const SERVE_EXAMPLES = `
Examples:
  # one instance on PostgreSQL, updating the feeds every 6 hours
  claro serve --db postgres://claro@db:5432/claro --listen 0.0.0.0:6060
  # more instances on the same database share index jobs, updates and webhooks
  CLARO_DB=postgres://claro@db:5432/claro claro serve --listen 0.0.0.0:6070 --health-listen 0.0.0.0:6071
  # settings from a file (its serve: section); flags override it
  claro --config claro.yaml serve
`;
