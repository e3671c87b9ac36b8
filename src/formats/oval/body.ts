import { gunzipSync } from "node:zlib";
import { FatalError } from "../../core/problem.js";

/**
 * SUSE publishes `.xml.gz` (gunzipped here with node:zlib); Oracle publishes `.xml.bz2`, and no
 * bzip2 decoder is available, so a bz2 body is refused with a hint to decompress the mirror copy.
 */
export function decodeFeedBody(body: Buffer, label: string): Buffer {
  if (body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    try {
      return gunzipSync(body);
    } catch (e) {
      throw new FatalError("FEED_INVALID", `${label}: the gzip feed is corrupt or truncated`, "run the update again or check the --source file", { cause: e });
    }
  }
  if (body.subarray(0, 3).toString("latin1") === "BZh") {
    throw new FatalError("FEED_INVALID", `${label}: the feed is bzip2-compressed, which claro cannot decompress`, "decompress it (bunzip2 -k FILE) and pass the .xml with --source NAME=file:PATH or dir:DIR");
  }
  return body;
}
