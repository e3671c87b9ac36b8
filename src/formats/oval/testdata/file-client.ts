import { readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type { FeedClient } from "../../../contracts/updater.js";

/** A FeedClient over local files only, for updater tests (the engine's client does http too). */
export const localFeedClient: FeedClient = {
  async get(location, previous) {
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
