import { Command, Option } from "commander";
import { CHECK_FORMATS, REPORT_FORMATS, SBOM_FORMATS } from "../report/format-names.js";
import type { CheckFlags } from "./check-command.js";
import { CHECK_EXAMPLES } from "./check-help.js";
import type { HelpTexts } from "./help-texts.js";
import type { ExitCode } from "./errors.js";
import { addDbCommands } from "./db-program.js";
import { collect, guarded, multiOutputSettings, settings, type MultiOutputFlags } from "./program-helpers.js";
import { addServiceCommands } from "./service-program.js";
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
      ? cmd.option(
          "-o, --output <file|FORMAT=FILE>",
          "write the report to FILE instead of stdout; FORMAT=FILE writes one more report in that format (repeatable)",
          collect,
          [],
        )
      : cmd.option("-o, --output <file>", "write the report to a file instead of stdout")
    )
      .option("--platform <os/arch[/variant]>", "platform to pick from a multi-arch image (default linux/amd64)")
      .option("--username <user>", "registry user name (env CLARO_USERNAME)")
      .option("--password <password>", "registry password (env CLARO_PASSWORD)")
      .option("--insecure", "allow plain http and skip TLS verification for the registry")
      .option(
        "--allow-metadata-hosts",
        "let the registry and its redirects reach link-local and cloud-metadata addresses (169.254.0.0/16, fd00:ec2::254), refused by default",
      )
      .option("--timeout <duration>", "give up reading the image after 90s, 10m, 1h… (env CLARO_TIMEOUT, default 10m)")
      .option(
        "--max-buffered-bytes <size>",
        "total size of the files one scan holds for parsing, e.g. 256MiB; past it files are skipped with a warning (env CLARO_MAX_BUFFERED_BYTES, default 128MiB)",
      )
      .option("-q, --quiet", "no progress bars or notes on stderr");

  imageOptions(
    program
      .command("scan")
      .argument("<image>", "image reference (see below)")
      .description("list the packages of an image and the vulnerabilities that affect them")
      .option(
        "-f, --format <format>",
        `output format: ${REPORT_FORMATS.join(", ")} (default: table on a terminal, json otherwise); FORMAT=FILE also writes that format to FILE (repeatable)`,
        collect,
        [],
      )
      .option("--scanners <list>", "vuln (default) or vuln,config: also run the image checks of `claro check` in the same read")
      .option("-s, --severity <list>", "only these severities, e.g. HIGH,CRITICAL")
      .option("--ignore-unfixed", "hide vulnerabilities that have no fix yet")
      .option(
        "--include-dev-deps",
        "also match development-only packages (lockfile dev flags), which are listed but not matched by default (env CLARO_INCLUDE_DEV_DEPS)",
      )
      .option("--ignore-status <list>", "hide findings in these fix states: fixed, affected, will_not_fix, fix_deferred, end_of_life, not_affected")
      .option(
        "--ignore-file <file>",
        "vulnerability ignore file (default ./.claroignore.yaml when present): `- id:` with optional package, path, purl, expires, reason",
      )
      // Trivy's spelling, kept as an alias of --ignore-file (the spelling `check` takes).
      .addOption(new Option("--ignorefile <file>").hideHelp())
      .option("--vex <file>", "OpenVEX or CycloneDX VEX JSON; not_affected statements with a justification suppress findings (repeatable)", collect, [])
      .option("--fail-on <severity>", "exit 1 when a vulnerability at or above this severity is found")
      .addOption(new Option("--show <section>", "table: also print this section (remediation: what to upgrade, layer by layer)").choices(["remediation"]))
      .option("--exit-on-eol <code>", "exit with this code when the image's OS release is past its end of life (env CLARO_EXIT_ON_EOL)", Number)
      .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
      .option("--db-max-age <duration>", "warn when the database is older than this (default 7d)")
      .option(
        "--db-repository <ref>",
        "pull the database from this OCI artifact (claro db push) when it is missing or older than --db-max-age (env CLARO_DB_REPOSITORY)",
      )
      .addOption(
        new Option(
          "--detection-priority <priority>",
          "precise (default): language packages the OS package manager installed are reported once, as OS packages; comprehensive: list them too",
        ).choices(["precise", "comprehensive"]),
      ),
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
      .option(
        "-f, --format <format>",
        `output format: ${SBOM_FORMATS.join(", ")} (default json); FORMAT=FILE also writes that format to FILE (repeatable)`,
        collect,
        [],
      )
      .addOption(
        new Option(
          "--detection-priority <priority>",
          "precise (default): language packages the OS package manager installed are reported once, as OS packages; comprehensive: list them too",
        ).choices(["precise", "comprehensive"]),
      ),
    true,
  ).action(async (image: string, opts: MultiOutputFlags, cmd: Command) => {
    done(await guarded(async () => (await import("./sbom-command.js")).sbomCommand(image, await multiOutputSettings(opts, cmd, SBOM_FORMATS))));
  });

  imageOptions(
    program
      .command("check")
      .argument("[target...]", "IMAGE, or `dockerfile PATH`, `host DIR`, `runtime FILE`")
      .description("CIS Docker Benchmark and configuration checks on an image, Dockerfile, host snapshot or runtime config")
      .option(
        "-f, --format <format>",
        `output format: ${CHECK_FORMATS.join(", ")} (default: table on a terminal, json otherwise); FORMAT=FILE also writes that format to FILE (repeatable)`,
        collect,
        [],
      )
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
      done(
        await guarded(async () =>
          (await import("./check-command.js")).checkCommand(target, { ...opts, ...(await multiOutputSettings(opts, cmd, CHECK_FORMATS)) }),
        ),
      );
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
      done(
        await guarded(async () =>
          (await import("./diff-command.js")).diffCommand(oldRef, newRef, { ...(await settings(opts, cmd)), failOnNew: opts.failOnNew }),
        ),
      );
    });

  addDbCommands(program, done, help);
  addServiceCommands(program, done, help);
  return program;
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
  const program = buildProgram(
    (c) => {
      code = c;
    },
    await helpTexts(argv),
  );
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
