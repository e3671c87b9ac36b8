// Test-only FeedClient over the local filesystem (the real one lives in src/updater, which
// ecosystems may not import). Fingerprint = content hash, so "unchanged" is observable.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { FeedClient } from "../../../contracts/updater.js";

export interface RecordingClient extends FeedClient {
  readonly gets: string[];
}

export function fsFeedClient(): RecordingClient {
  const gets: string[] = [];
  return {
    gets,
    async get(location, previous) {
      gets.push(location);
      const body = readFileSync(location);
      const fingerprint = createHash("sha256").update(body).digest("hex");
      return fingerprint === previous ? { status: "unchanged" } : { status: "changed", body, fingerprint };
    },
    async listDir(path) {
      try {
        return readdirSync(path);
      } catch {
        return [];
      }
    },
  };
}
