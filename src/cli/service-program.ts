import { Option, type Command } from "commander";
import type { ExitCode } from "./errors.js";
import type { HelpTexts } from "./help-texts.js";
import { guarded } from "./program-helpers.js";

/** `claro serve` and `claro klar`: the service and its Klar-compatible client (each loads its modules when it runs). */
export function addServiceCommands(program: Command, done: (code: ExitCode) => void, help: HelpTexts | null): void {
  program
    .command("serve")
    .description("run the vulnerability service: Clair v4 and v2 (/v1, for Klar) APIs, Harbor scanner adapter, notifications")
    .option("--db <url>", "sqlite:PATH or postgres://… (env CLARO_DB)")
    .option("--listen <host:port>", "address to listen on (env CLARO_LISTEN, default 127.0.0.1:6060)")
    .option("--health-listen <host:port>", "Clair v2 GET /health address (env CLARO_HEALTH_LISTEN, default 127.0.0.1:6061)")
    .option("--update-period <duration>", "run the updaters every 6h, 30m, 90s…; 0 disables (env CLARO_UPDATE_PERIOD, default 6h)")
    .option("--source <NAME=PATH|URL>", "feed of an ecosystem, repeatable (env CLARO_SOURCES, comma-separated)", (v: string, prev?: string[]) => [
      ...(prev ?? []),
      v,
    ])
    .option("--db-repository <ref>", "pull this `claro db push` artifact every --update-period instead of running the updaters (env CLARO_DB_REPOSITORY)")
    .option("--index-workers <n>", "index jobs this instance runs at once (env CLARO_INDEX_WORKERS, default 2)", Number)
    .option(
      "--index-lease-seconds <s>",
      "how long a claimed index job stays an instance's without a heartbeat (env CLARO_INDEX_LEASE_SECONDS, default 30)",
      Number,
    )
    .addOption(
      new Option("--log-level <level>", "log level (env CLARO_LOG_LEVEL, default info; -v: debug)").choices([
        "fatal",
        "error",
        "warn",
        "info",
        "debug",
        "trace",
      ]),
    )
    .option(
      "--allow-hosts <hosts>",
      "the only hosts (or host:port) layers may be fetched from, comma-separated (env CLARO_ALLOW_HOSTS; default any but link-local and cloud metadata)",
    )
    .addHelpText("after", () => help?.serve ?? "")
    .action(
      async (
        opts: {
          db?: string;
          listen?: string;
          healthListen?: string;
          updatePeriod?: string;
          source?: string[];
          dbRepository?: string;
          indexWorkers?: number;
          indexLeaseSeconds?: number;
          logLevel?: "fatal" | "error" | "warn" | "info" | "debug" | "trace";
          allowHosts?: string;
        },
        cmd: Command,
      ) => {
        const root = (cmd.parent ?? cmd).opts() as { config?: string; verbose?: boolean };
        const { source, allowHosts, ...rest } = opts;
        done(
          await guarded(async () => {
            const { loadServeSettings, serveCommand } = await import("./serve-command.js");
            const settings = loadServeSettings(
              {
                ...rest,
                ...(source ? { sources: source } : {}),
                ...(allowHosts !== undefined ? { allowHosts: allowHosts.split(",").map((h) => h.trim()) } : {}),
              },
              root.config,
            );
            // -v asks for debug logs unless a log level was set explicitly (flag, environment or file).
            return serveCommand(
              root.verbose === true && opts.logLevel === undefined && !process.env["CLARO_LOG_LEVEL"] ? { ...settings, logLevel: "debug" } : settings,
            );
          }),
        );
      },
    );
  program
    .command("klar")
    .description(
      "Klar-compatible client: analyse IMAGE with a Clair v2 API server (env CLAIR_ADDR, CLAIR_OUTPUT, CLAIR_THRESHOLD, …); exit 0, 1 over threshold, 2 on error",
    )
    .argument("<image>", "registry image, e.g. registry:5000/ns/name:tag")
    .addHelpText("after", () => help?.klar ?? "")
    .option("--allow-metadata-hosts", "let the registry and its redirects reach link-local and cloud-metadata addresses, refused by default")
    .action(async (image: string, opts: { allowMetadataHosts?: boolean }) => {
      const { klarCommand } = await import("./klar-command.js");
      done(
        await klarCommand(
          image,
          process.env,
          (s) => process.stdout.write(`${s}\n`),
          (s) => process.stderr.write(`${s}\n`),
          opts.allowMetadataHosts === true,
        ),
      );
    });
}
