import type { SingleBar, Preset, Options } from "cli-progress";
import { createRequire } from "node:module";
import type { Progress, ProgressTask } from "../contracts/image-source.js";
import { silentProgress } from "../contracts/image-source.js";

interface CliProgress {
  SingleBar: new (options: Options, preset: Preset) => SingleBar;
  Presets: { shades_classic: Preset };
}

// Loaded only when bars are drawn: `-q` and redirected runs (CI, `npm run bench`) skip it.
const loadCliProgress = (): CliProgress => createRequire(import.meta.url)("cli-progress") as CliProgress;

/** Progress bars on stderr, only when stderr is a terminal and --quiet is not given. */
export function terminalProgress(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (quiet || !stream.isTTY) return silentProgress;
  const cliProgress = loadCliProgress();
  return {
    start(label, total, unit = "items"): ProgressTask {
      if (total === null) {
        stream.write(`${label}…\n`);
        return { advance: () => undefined, done: () => undefined };
      }
      const bytes = unit === "bytes";
      const bar = new cliProgress.SingleBar(
        {
          stream,
          format: bytes ? `{label} [{bar}] {percentage}% {done}/{size}` : `{label} [{bar}] {value}/{total}`,
          hideCursor: true,
          clearOnComplete: false,
          barsize: 24,
        },
        cliProgress.Presets.shades_classic,
      );
      let value = 0;
      bar.start(total, 0, { label, done: mib(0), size: mib(total) });
      return {
        advance(amount) {
          value += amount;
          bar.update(value, { label, done: mib(value), size: mib(total) });
        },
        done() {
          bar.update(total, { label, done: mib(total), size: mib(total) });
          bar.stop();
        },
      };
    },
  };
}

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}
