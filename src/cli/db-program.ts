import { Option, type Command } from "commander";
import type { DbArtifactFlags } from "./db-artifact-commands.js";
import type { ExitCode } from "./errors.js";
import type { HelpTexts } from "./help-texts.js";
import { collect, guarded, settings } from "./program-helpers.js";

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

/** `claro db …`: update, status, search, export, import, push, pull (each loads its modules when it runs). */
export function addDbCommands(program: Command, done: (code: ExitCode) => void, help: HelpTexts | null): void {
  const db = program.command("db").description("manage the vulnerability database");
  db.command("update")
    .description("fetch the vulnerability feeds into the database (unchanged feeds cost one request)")
    .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
    .option("--source <NAME=PATH|URL>", "read one updater's feed from a file, mirror directory or URL (repeatable)", collect, [])
    .option("--only <names>", "only these updaters, comma-separated")
    .option("--timeout <duration>", "HTTP timeout per request: 90s, 2m… or a number of seconds")
    .option("--concurrency <n>", "feeds fetched and parsed at once; writes stay one at a time (default 4)", Number)
    .option("-q, --quiet", "only print failures")
    .option(
      "--allow-shrink",
      "accept an update that loses more than --max-shrink of an updater's records (refused by default: a truncated feed looks like that; env CLARO_ALLOW_SHRINK)",
    )
    .option("--max-shrink <fraction>", "largest accepted loss of records per updater, 0-1 (default 0.5; env CLARO_MAX_SHRINK)", Number)
    .addHelpText("after", () => help?.update ?? "")
    .action(
      async (
        opts: {
          db?: string;
          source: string[];
          only?: string;
          quiet?: boolean;
          timeout?: string;
          concurrency?: number;
          allowShrink?: boolean;
          maxShrink?: number;
        },
        cmd: Command,
      ) => {
        done(
          await guarded(async () => {
            const s = await settings(opts, cmd);
            return (await import("./db-commands.js")).dbUpdateCommand({ ...opts, db: s.db, allowShrink: s.allowShrink, maxShrink: s.maxShrink });
          }),
        );
      },
    );
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
  for (const [name, what] of [
    ["push", "export the database and push it to a registry as an OCI artifact"],
    ["pull", "pull a database artifact and import it (skipped when the database already came from that digest)"],
  ] as const) {
    const sub = db
      .command(name)
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
      done(
        await guarded(async () => {
          const m = await import("./db-artifact-commands.js");
          // The registry settings (username, insecure…) may come from the config file and env too.
          const flags: DbArtifactFlags = { ...(await settings(opts, cmd)), ...(opts.force ? { force: true } : {}) };
          return name === "push" ? m.dbPushCommand(ref, flags) : m.dbPullCommand(ref, flags);
        }),
      );
    });
  }
}
