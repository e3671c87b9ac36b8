import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

/**
 * The default SQLite database: `$XDG_CACHE_HOME/claro/db.sqlite`, else `~/.cache/claro/db.sqlite`.
 * A cache dir fits because the data is rebuilt from the feeds by `claro db update`.
 */
export function defaultSqlitePath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env["XDG_CACHE_HOME"];
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = xdg !== undefined && xdg !== "" && isAbsolute(xdg) ? xdg : join(env["HOME"] || homedir(), ".cache");
  return join(base, "claro", "db.sqlite");
}
