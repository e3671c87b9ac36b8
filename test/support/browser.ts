import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { repoRoot } from "./shared.js";

export const CHROMIUM = process.env["CLARO_CHROMIUM"] ?? "/usr/bin/chromium";

/** Screenshots and PDFs the browser tests leave for people to look at (gitignored). */
export function artifactDir(): string {
  const dir = join(repoRoot, "test-artifacts");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Debian's chromium, driven by playwright-core (which downloads nothing). A missing browser is a
 * failure, not a skip: `.ci/run` installs it, and a silently skipped UI test proves nothing. The
 * background-networking flags matter on a closed network: without them Chromium's own
 * connections are refused and slow every page.
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM}: install it (apt-get install chromium; .ci/run does) or set CLARO_CHROMIUM`);
  }
  // playwright refuses --user-data-dir with launch(): it gives every launch a fresh temporary profile itself.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return { browser, close: () => browser.close() };
}
