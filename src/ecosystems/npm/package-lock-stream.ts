import { JSONParser } from "@streamparser/json";
import { isRecord, type LockParse } from "./lock-entry.js";
import { lockFromDocument, parsePackageLock } from "./package-lock.js";

/**
 * Above this, a package-lock.json is read as a stream of entries instead of `JSON.parse` of the
 * whole text: that would hold the file a second time as a string, plus the whole document. Real
 * lockfiles are a few MB; one this big is most likely padding meant to exhaust memory.
 */
export const STREAM_LOCK_BYTES = 16 * 1024 * 1024;

const CHUNK = 1024 * 1024;

/**
 * `parsePackageLock` from the file's bytes. Big files are tokenised in 1 MiB slices and only one
 * `packages` (or v1 top-level `dependencies`) entry is materialised at a time, so memory follows
 * the entries, not the file size; whitespace padding costs nothing but time.
 */
export function parsePackageLockBytes(content: Buffer): LockParse {
  return content.length <= STREAM_LOCK_BYTES ? parsePackageLock(content.toString("utf8")) : parsePackageLockStreamed(content);
}

/** The streaming reader itself, whatever the size (exported so tests can compare it on small files). */
export function parsePackageLockStreamed(content: Buffer): LockParse {
  const packages: Record<string, unknown> = {};
  const dependencies: Record<string, unknown> = {};
  let sawPackages = false;
  let sawDependencies = false;
  let lockfileVersion: unknown;
  let rootIsObject = false;
  const parser = new JSONParser({ paths: ["$", "$.lockfileVersion", "$.packages.*", "$.dependencies.*"], keepStack: false });
  parser.onValue = ({ value, key, stack }) => {
    // Depth tells the paths apart: the root itself (1 level deep is `$.x`, 2 is `$.x.*`).
    if (stack.length === 0) {
      rootIsObject = isRecord(value);
      return;
    }
    const top = stack[1]?.key;
    if (stack.length === 1 && key === "lockfileVersion") lockfileVersion = value;
    else if (stack.length === 2 && top === "packages" && typeof key === "string") {
      sawPackages = true;
      packages[key] = value;
    } else if (stack.length === 2 && top === "dependencies" && typeof key === "string" && !sawPackages) {
      // v2 repeats the tree under `dependencies`; npm 7+ reads `packages`, which comes first.
      sawDependencies = true;
      dependencies[key] = value;
    }
  };
  try {
    for (let i = 0; i < content.length && !parser.isEnded; i += CHUNK) parser.write(content.subarray(i, i + CHUNK));
    if (!parser.isEnded) parser.end();
  } catch (e) {
    return { entries: [], errors: [`not JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!rootIsObject) return { entries: [], errors: ["not a JSON object"] };
  const doc: Record<string, unknown> = {};
  if (lockfileVersion !== undefined) doc["lockfileVersion"] = lockfileVersion;
  if (sawPackages) doc["packages"] = packages;
  else if (sawDependencies) doc["dependencies"] = dependencies;
  return lockFromDocument(doc);
}
