import { Command, Option } from "commander";
import { CHECK_FORMATS, REPORT_FORMATS, SBOM_FORMATS } from "../report/format-names.js";
import type { CheckFlags } from "./check-command.js";
import type { DbArtifactFlags } from "./db-artifact-commands.js";
import { CHECK_EXAMPLES } from "./check-help.js";
import type { HelpTexts } from "./help-texts.js";
import type { Settings } from "./config.js";
import { reportError, type ExitCode } from "./errors.js";
import type { ScanFlags } from "./scan-command.js";

// Each command's modules are imported when that command runs, not here: `claro --version` and
// `--help` must not load the indexer, the stores, fastify or the check rules (issue 10 §3: a
// whole `claro --version` cost 11 times a bare `node -e 0` when this file imported them all).
// Only commander, the flag lists and the error printer load before argv is parsed.

const SCAN_EXAMPLES = `
Image references:
  docker-archive:PATH           docker save output
  oci-archive:PATH[:REF]        OCI layout in a tar
  oci:DIR[:REF]                 OCI layout directory (alias oci-dir:)
  dir:PATH                      a root filesystem
  sbom:FILE                     (scan only) a CycloneDX JSON or SPDX JSON/tag-value SBOM
  [registry:]HOST/REPO[:TAG|@DIGEST]  a registry image (docker.io by default)

Examples:
  claro db update
  claro scan alpine:3.20
  claro scan --format json --output report.json oci-archive:images.tar:app
  claro scan --severity HIGH,CRITICAL --ignore-unfixed --fail-on HIGH docker-archive:app.tar
  claro scan --platform linux/arm64 registry.example.com/team/app:1.2
  claro scan --scanners vuln,config --format sarif --output claro.sarif oci-archive:images.tar:app
  claro scan --format table --output json=report.json --output sarif=claro.sarif oci-archive:images.tar:app

Exit codes: 0 analysed and the policy passed; 1 the policy failed; 2 could not analyse.`;

const DIFF_EXAMPLES = `
Examples:
  claro diff oci-archive:images.tar:app-1.0 oci-archive:images.tar:app-1.1
  claro diff --fail-on-new HIGH registry.example.com/app:stable registry.example.com/app:candidate
  claro diff --format html -o diff.html old-report.json oci-archive:images.tar:app

Exit codes: 0 compared (and nothing at or above --fail-on-new was introduced); 1 it was; 2 could not compare.`;

const ARTIFACT_EXAMPLES = `
Examples (CI: one job builds the database, every scan job pulls it):
  claro db update && claro db push registry.example.com/claro/db:latest
  claro db pull registry.example.com/claro/db:latest        "up to date" when nothing changed
  claro scan --db-repository registry.example.com/claro/db:latest alpine:3.20   pull when older than --db-max-age`;

const BUNDLE_EXAMPLES = `
Examples (air gap: export on a connected host, carry the file over, import):
  claro db update && claro db export claro-db.ndjson.gz > claro-db.sha256
  sha256sum -c claro-db.sha256                      on the offline host, after the copy
  claro db import claro-db.ndjson.gz
  claro db import --db postgres://claro@db:5432/claro claro-db.ndjson.gz`;

/** Builds the CLI. `run` resolves with the exit code; it never calls process.exit itself. */
export function buildProgram(done: (code: ExitCode) => void, help: HelpTexts | null = null): Command {
  const program = new Command("claro")
    .description("Container-image vulnerability scanner (Clair/Klar compatible)")
    .version("0.1.0")
    .option("--config <file>", "YAML config file (default ./claro.yaml or $XDG_CONFIG_HOME/claro/config.yaml)")
    .option("-v, --verbose", "debug logs on stderr (serve: log level debug)")
    // Each command's help shows --config and -v too: they apply to it.
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError("(run with --help for usage)")
    // Set before subcommands are added so they inherit it: usage errors must exit 2, not 1.
    .exitOverride();

  // scan and sbom take several reports in one run (Grype's `-o FORMAT=FILE`); check and diff one.
  const imageOptions = (cmd: Command, multiOutput = false): Command =>
    (multiOutput
      ? cmd.option("-o, --output <file|FORMAT=FILE>", "write the report to FILE instead of stdout; FORMAT=FILE writes one more report in that format (repeatable)", collect, [])
      : cmd.option("-o, --output <file>", "write the report to a file instead of stdout"))
      .option("--platform <os/arch[/variant]>", "platform to pick from a multi-arch image (default linux/amd64)")
      .option("--username <user>", "registry user name (env CLARO_USERNAME)")
      .option("--password <password>", "registry password (env CLARO_PASSWORD)")
      .option("--insecure", "allow plain http and skip TLS verification for the registry")
      .option("--allow-metadata-hosts", "let the registry and its redirects reach link-local and cloud-metadata addresses (169.254.0.0/16, fd00:ec2::254), refused by default")
      .option("--timeout <duration>", "give up reading the image after 90s, 10m, 1h… (env CLARO_TIMEOUT, default 10m)")
      .option("--max-buffered-bytes <size>", "total size of the files one scan holds for parsing, e.g. 256MiB; past it files are skipped with a warning (env CLARO_MAX_BUFFERED_BYTES, default 128MiB)")
      .option("-q, --quiet", "no progress bars or notes on stderr");

  imageOptions(
    program
      .command("scan")
      .argument("<image>", "image reference (see below)")
      .description("list the packages of an image and the vulnerabilities that affect them")
      .option("-f, --format <format>", `output format: ${REPORT_FORMATS.join(", ")} (default: table on a terminal, json otherwise); FORMAT=FILE also writes that format to FILE (repeatable)`, collect, [])
      .option("--scanners <list>", "vuln (default) or vuln,config: also run the image checks of `claro check` in the same read")
      .option("-s, --severity <list>", "only these severities, e.g. HIGH,CRITICAL")
      .option("--ignore-unfixed", "hide vulnerabilities that have no fix yet")
      .option("--include-dev-deps", "also match development-only packages (lockfile dev flags), which are listed but not matched by default (env CLARO_INCLUDE_DEV_DEPS)")
      .option("--ignore-status <list>", "hide findings in these fix states: fixed, affected, will_not_fix, fix_deferred, end_of_life, not_affected")
      .option("--ignore-file <file>", "vulnerability ignore file (default ./.claroignore.yaml when present): `- id:` with optional package, path, purl, expires, reason")
      // Trivy's spelling, kept as an alias of --ignore-file (the spelling `check` takes).
      .addOption(new Option("--ignorefile <file>").hideHelp())
      .option("--vex <file>", "OpenVEX or CycloneDX VEX JSON; not_affected statements with a justification suppress findings (repeatable)", collect, [])
      .option("--fail-on <severity>", "exit 1 when a vulnerability at or above this severity is found")
      .addOption(new Option("--show <section>", "table: also print this section (remediation: what to upgrade, layer by layer)").choices(["remediation"]))
      .option("--exit-on-eol <code>", "exit with this code when the image's OS release is past its end of life (env CLARO_EXIT_ON_EOL)", Number)
      .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
      .option("--db-max-age <duration>", "warn when the database is older than this (default 7d)")
      .option("--db-repository <ref>", "pull the database from this OCI artifact (claro db push) when it is missing or older than --db-max-age (env CLARO_DB_REPOSITORY)")
      .addOption(new Option("--detection-priority <priority>", "precise (default): language packages the OS package manager installed are reported once, as OS packages; comprehensive: list them too").choices(["precise", "comprehensive"])),
    true,
  )
    .addHelpText("after", SCAN_EXAMPLES)
    .action(async (image: string, opts: MultiOutputFlags, cmd: Command) => {
      done(await guarded(async () => (await import("./scan-command.js")).scanCommand(image, await multiOutputSettings(opts, cmd, REPORT_FORMATS))));
    });

  imageOptions(
    program
      .command("sbom")
      .argument("<image>", "image reference")
      .description("print the package inventory of an image")
      .option("-f, --format <format>", `output format: ${SBOM_FORMATS.join(", ")} (default json); FORMAT=FILE also writes that format to FILE (repeatable)`, collect, [])
      .addOption(new Option("--detection-priority <priority>", "precise (default): language packages the OS package manager installed are reported once, as OS packages; comprehensive: list them too").choices(["precise", "comprehensive"])),
    true,
  ).action(async (image: string, opts: MultiOutputFlags, cmd: Command) => {
    done(await guarded(async () => (await import("./sbom-command.js")).sbomCommand(image, await multiOutputSettings(opts, cmd, SBOM_FORMATS))));
  });

  imageOptions(
    program
      .command("check")
      .argument("[target...]", "IMAGE, or `dockerfile PATH`, `host DIR`, `runtime FILE`")
      .description("CIS Docker Benchmark and configuration checks on an image, Dockerfile, host snapshot or runtime config")
      .option("-f, --format <format>", `output format: ${CHECK_FORMATS.join(", ")} (default: table on a terminal, json otherwise); FORMAT=FILE also writes that format to FILE (repeatable)`, collect, [])
      .option("--list", "print the rule catalogue (ids, levels, groups, severities, inputs) and exit")
      .addOption(new Option("--level <level>", "1: the L1 profile only; 2: every rule (default)").choices(["1", "2"]))
      .option("--include <ids>", "only these rules: rule, benchmark or reference ids, comma-separated (repeatable)", collect, [])
      .option("--exclude <ids>", "skip these rules (same ids as --include; repeatable)", collect, [])
      .option("--benchmark-version <version>", "CIS Docker Benchmark version whose ids are reported (default 1.6.0)")
      .option("--ignore-file <file>", "YAML list of accepted findings: `- id: …` with a required `reason:` and optional `expires:`")
      .option("--fail-on <severity>", "exit 1 when a failed check is at or above this severity")
      .option("--build-arg <NAME=VALUE>", "dockerfile: a build argument, as docker build takes it (repeatable)", collect, [])
      .option("--trusted-user <names>", "host: users allowed in the docker group, comma-separated (repeatable)", collect, []),
    true,
  )
    .addHelpText("after", CHECK_EXAMPLES)
    .action(async (target: string[], opts: Omit<CheckFlags, "format" | "output"> & MultiOutputFlags, cmd: Command) => {
      done(await guarded(async () => (await import("./check-command.js")).checkCommand(target, { ...opts, ...(await multiOutputSettings(opts, cmd, CHECK_FORMATS)) })));
    });

  imageOptions(
    program
      .command("diff")
      .argument("<old>", "image reference or saved `claro scan --format json` report")
      .argument("<new>", "image reference or saved JSON report")
      .description("compare two images or reports: findings fixed, introduced and unchanged; packages added, removed and changed")
      .addOption(new Option("-f, --format <format>", "output format (default: table on a terminal, json otherwise)").choices(["table", "json", "html"]))
      .option("--fail-on-new <severity>", "exit 1 when NEW introduces a finding at or above this severity")
      .option("--ignore-file <file>", "vulnerability ignore file for scanned images (default ./.claroignore.yaml when present)")
      .addOption(new Option("--ignorefile <file>").hideHelp())
      .option("--vex <file>", "OpenVEX or CycloneDX VEX JSON for scanned images (repeatable)", collect, [])
      .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
      .option("--db-max-age <duration>", "warn when the database is older than this (default 7d)"),
  )
    .addHelpText("after", DIFF_EXAMPLES)
    .action(async (oldRef: string, newRef: string, opts: ScanFlags & { failOnNew?: string }, cmd: Command) => {
      done(await guarded(async () => (await import("./diff-command.js")).diffCommand(oldRef, newRef, { ...(await settings(opts, cmd)), failOnNew: opts.failOnNew })));
    });

  const db = program.command("db").description("manage the vulnerability database");
  db.command("update")
    .description("fetch the vulnerability feeds into the database (unchanged feeds cost one request)")
    .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
    .option("--source <NAME=PATH|URL>", "read one updater's feed from a file, mirror directory or URL (repeatable)", collect, [])
    .option("--only <names>", "only these updaters, comma-separated")
    .option("--timeout <duration>", "HTTP timeout per request: 90s, 2m… or a number of seconds")
    .option("--concurrency <n>", "feeds fetched and parsed at once; writes stay one at a time (default 4)", Number)
    .option("-q, --quiet", "only print failures")
    .option("--allow-shrink", "accept an update that loses more than --max-shrink of an updater's records (refused by default: a truncated feed looks like that; env CLARO_ALLOW_SHRINK)")
    .option("--max-shrink <fraction>", "largest accepted loss of records per updater, 0-1 (default 0.5; env CLARO_MAX_SHRINK)", Number)
    .addHelpText("after", () => help?.update ?? "")
    .action(async (opts: { db?: string; source: string[]; only?: string; quiet?: boolean; timeout?: string; concurrency?: number; allowShrink?: boolean; maxShrink?: number }, cmd: Command) => {
      done(
        await guarded(async () => {
          const s = await settings(opts, cmd);
          return (await import("./db-commands.js")).dbUpdateCommand({ ...opts, db: s.db, allowShrink: s.allowShrink, maxShrink: s.maxShrink });
        }),
      );
    });
  db.command("status")
    .description("show each updater's last run, fingerprint, record count and data age")
    .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (opts: { db?: string; format: string }, cmd: Command) => {
      done(await guarded(async () => (await import("./db-commands.js")).dbStatusCommand({ ...opts, db: (await settings(opts, cmd)).db })));
    });
  db.command("search")
    .argument("<term>", "a vulnerability id or alias (CVE-…, GHSA-…, DSA-…), a purl (pkg:npm/lodash@4.17.15) or a package name")
    .description("show what the local database knows of an id or a package: each advisory's updater, namespace, affected range, fix and severity")
    .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["table", "json"]).default("table"))
    .option("--limit <n>", "show at most this many advisories (default 500)", Number)
    .action(async (term: string, opts: { db?: string; format: string; limit?: number }, cmd: Command) => {
      done(await guarded(async () => (await import("./db-search-command.js")).dbSearchCommand(term, { ...opts, db: (await settings(opts, cmd)).db })));
    });
  db.command("export")
    .argument("<file>", "bundle to write (gzip; e.g. claro-db.ndjson.gz)")
    .description("write all updater data and fingerprints to one checksummed bundle, for air-gapped hosts")
    .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
    .option("-q, --quiet", "no progress or per-updater lines")
    .addHelpText("after", BUNDLE_EXAMPLES)
    .action(async (file: string, opts: { db?: string; quiet?: boolean }, cmd: Command) => {
      done(await guarded(async () => (await import("./db-commands.js")).dbExportCommand(file, { ...opts, db: (await settings(opts, cmd)).db })));
    });
  db.command("import")
    .argument("<file>", "bundle written by `claro db export`")
    .description("verify a bundle completely, then replace its updaters' data in one transaction (a bad bundle changes nothing)")
    .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
    .option("-q, --quiet", "no progress or per-updater lines")
    .addHelpText("after", BUNDLE_EXAMPLES)
    .action(async (file: string, opts: { db?: string; quiet?: boolean }, cmd: Command) => {
      done(await guarded(async () => (await import("./db-commands.js")).dbImportCommand(file, { ...opts, db: (await settings(opts, cmd)).db })));
    });
  for (const [name, what] of [["push", "export the database and push it to a registry as an OCI artifact"], ["pull", "pull a database artifact and import it (skipped when the database already came from that digest)"]] as const) {
    const sub = db.command(name)
      .argument("<ref>", "artifact reference, e.g. registry.example.com/claro/db:latest")
      .description(what)
      .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
      .option("--username <user>", "registry user name (env CLARO_USERNAME; default: docker's config)")
      .option("--password <password>", "registry password (env CLARO_PASSWORD)")
      .option("--insecure", "allow plain http and skip TLS verification for the registry")
      .option("--allow-metadata-hosts", "let the registry and its redirects reach link-local and cloud-metadata addresses")
      .option("--timeout <duration>", "give up one registry request after 90s, 10m… (default 10m)")
      .option("-q, --quiet", "no progress");
    if (name === "pull") sub.option("--force", "download and import even when the database already came from that digest");
    sub.addHelpText("after", ARTIFACT_EXAMPLES).action(async (ref: string, opts: DbArtifactFlags, cmd: Command) => {
      done(await guarded(async () => {
        const m = await import("./db-artifact-commands.js");
        // The registry settings (username, insecure…) may come from the config file and env too.
        const flags: DbArtifactFlags = { ...(await settings(opts, cmd)), ...(opts.force ? { force: true } : {}) };
        return name === "push" ? m.dbPushCommand(ref, flags) : m.dbPullCommand(ref, flags);
      }));
    });
  }
  program
    .command("serve")
    .description("run the vulnerability service: Clair v4 and v2 (/v1, for Klar) APIs, Harbor scanner adapter, notifications")
    .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
    .option("--listen <host:port>", "address to listen on (env CLARO_LISTEN, default 127.0.0.1:6060)")
    .option("--health-listen <host:port>", "Clair v2 GET /health address (env CLARO_HEALTH_LISTEN, default 127.0.0.1:6061)")
    .option("--update-period <duration>", "run the updaters every 6h, 30m, 90s…; 0 disables (env CLARO_UPDATE_PERIOD, default 6h)")
    .option("--source <NAME=PATH|URL>", "feed of an ecosystem, repeatable (env CLARO_SOURCES, comma-separated)", (v: string, prev?: string[]) => [...(prev ?? []), v])
    .option("--db-repository <ref>", "pull this `claro db push` artifact every --update-period instead of running the updaters (env CLARO_DB_REPOSITORY)")
    .option("--index-workers <n>", "index jobs this instance runs at once (env CLARO_INDEX_WORKERS, default 2)", Number)
    .option("--index-lease-seconds <s>", "how long a claimed index job stays an instance's without a heartbeat (env CLARO_INDEX_LEASE_SECONDS, default 30)", Number)
    .addOption(new Option("--log-level <level>", "log level (env CLARO_LOG_LEVEL, default info; -v: debug)").choices(["fatal", "error", "warn", "info", "debug", "trace"]))
    .option("--allow-hosts <hosts>", "the only hosts (or host:port) layers may be fetched from, comma-separated (env CLARO_ALLOW_HOSTS; default any but link-local and cloud metadata)")
    .addHelpText("after", () => help?.serve ?? "")
    .action(async (opts: { db?: string; listen?: string; healthListen?: string; updatePeriod?: string; source?: string[]; dbRepository?: string; indexWorkers?: number; indexLeaseSeconds?: number; logLevel?: "fatal" | "error" | "warn" | "info" | "debug" | "trace"; allowHosts?: string }, cmd: Command) => {
      const root = (cmd.parent ?? cmd).opts() as { config?: string; verbose?: boolean };
      const { source, allowHosts, ...rest } = opts;
      done(
        await guarded(async () => {
          const { loadServeSettings, serveCommand } = await import("./serve-command.js");
          const settings = loadServeSettings({ ...rest, ...(source ? { sources: source } : {}), ...(allowHosts !== undefined ? { allowHosts: allowHosts.split(",").map((h) => h.trim()) } : {}) }, root.config);
          // -v asks for debug logs unless a log level was set explicitly (flag, environment or file).
          return serveCommand(root.verbose === true && opts.logLevel === undefined && !process.env["CLARO_LOG_LEVEL"] ? { ...settings, logLevel: "debug" } : settings);
        }),
      );
    });
  program
    .command("klar")
    .description("Klar-compatible client: analyse IMAGE with a Clair v2 API server (env CLAIR_ADDR, CLAIR_OUTPUT, CLAIR_THRESHOLD, …); exit 0, 1 over threshold, 2 on error")
    .argument("<image>", "registry image, e.g. registry:5000/ns/name:tag")
    .addHelpText("after", () => help?.klar ?? "")
    .option("--allow-metadata-hosts", "let the registry and its redirects reach link-local and cloud-metadata addresses, refused by default")
    .action(async (image: string, opts: { allowMetadataHosts?: boolean }) => {
      const { klarCommand } = await import("./klar-command.js");
      done(await klarCommand(image, process.env, (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`), opts.allowMetadataHosts === true));
    });
  return program;
}

/** scan, sbom, check: the repeatable --format and --output, split into the main report and FORMAT=FILE ones (`format` is set even when undefined: check spreads this over its raw options). */
type MultiOutputFlags = Omit<ScanFlags, "format" | "output"> & { format: string[]; output: string[] };

async function multiOutputSettings(opts: MultiOutputFlags, cmd: Command, known: readonly string[]): Promise<ScanFlags & { readonly format: string | undefined; readonly output: string | undefined }> {
  const { planOutputs } = await import("./output-targets.js");
  const plan = planOutputs(opts.format, opts.output, known);
  const s = await settings({ ...opts, format: plan.format, output: plan.output }, cmd);
  return { ...s, format: s.format, output: s.output, extraOutputs: plan.extra, primaryOutput: plan.primary };
}

async function settings(opts: Settings & { output?: string; quiet?: boolean }, cmd: Command): Promise<ScanFlags> {
  const root = cmd.parent?.parent ?? cmd.parent ?? cmd;
  const config = (root.opts() as { config?: string }).config;
  const { loadSettingsAsync, parseByteSize } = await import("./config.js");
  // The flag arrives as text (`256MiB`); the env and config forms are converted by loadSettings.
  const raw: unknown = (opts as { maxBufferedBytes?: unknown }).maxBufferedBytes;
  const flags = typeof raw === "string" ? { ...opts, maxBufferedBytes: parseByteSize(raw, "--max-buffered-bytes") } : opts;
  const loaded = await loadSettingsAsync(flags, config);
  const { debug } = await import("./debug-log.js");
  debug(`${cmd.name()}: config ${config ?? process.env["CLARO_CONFIG"] ?? "(default locations)"}; settings ${JSON.stringify({ ...loaded, ...(loaded.password === undefined ? {} : { password: "***" }) })}`);
  return { ...loaded, output: opts.output, quiet: opts.quiet } as ScanFlags;
}

async function guarded(fn: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await fn();
  } catch (e) {
    return reportError(e);
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * The long help texts (db update's updater names come from the registry) load only when help is
 * asked for, so that `claro --version` and every command load none of it.
 */
async function helpTexts(argv: readonly string[]): Promise<HelpTexts | null> {
  if (!argv.some((a) => a === "--help" || a === "-h") && argv[0] !== "help") return null;
  return (await import("./help-texts.js")).loadHelpTexts(argv.includes("update"));
}

export async function run(argv: readonly string[]): Promise<ExitCode> {
  // `claro scan … | head` closes the pipe early; that is the reader's choice, not a crash, and
  // must not surface as exit 1 (which means "the policy failed").
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw e;
  });
  let code: ExitCode = 0;
  const program = buildProgram((c) => {
    code = c;
  }, await helpTexts(argv));
  // -v anywhere on the line: every command's debug lines go to stderr (debug-log.ts).
  program.hook("preAction", () => {
    if ((program.opts() as { verbose?: boolean }).verbose === true) process.env["CLARO_DEBUG"] = "1";
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    const exit = (e as { exitCode?: number }).exitCode;
    // commander's own exits: help/version are 0; usage errors are "could not analyse".
    return exit === 0 ? 0 : 2;
  }
  return code;
}
