import type { FeedClient, Fingerprint, ParsedFetch, ParseOutput } from "../contracts/updater.js";

/**
 * The URL half of a streamed `fetchParsed` (issue 13.3): the body goes to a temporary file
 * (`FeedClient.download`) and `fromFile` parses it from disk, as a local copy is parsed; the file
 * is deleted when the advisories have been read (or the engine disposes of the parse). A client
 * without `download` (a test's) gives the body, which `fromBody` parses from memory as before.
 */
export async function downloadParsed(
  client: FeedClient,
  url: string,
  previous: Fingerprint | null,
  fromFile: (path: string) => ParseOutput,
  fromBody: (body: Buffer) => ParseOutput,
): Promise<ParsedFetch> {
  if (!client.download) {
    const got = await client.get(url, previous);
    return got.status === "unchanged" ? got : { status: "changed", fingerprint: got.fingerprint, parsed: fromBody(got.body) };
  }
  const got = await client.download(url, previous);
  if (got.status === "unchanged") return got;
  let parsed: ParseOutput;
  try {
    parsed = fromFile(got.path);
  } catch (e) {
    got.dispose();
    throw e;
  }
  return { status: "changed", fingerprint: got.fingerprint, parsed: disposingOutput(parsed, got.dispose) };
}

/** `parsed`, with `dispose` called when its advisories have been read, or by the engine if they never are. */
export function disposingOutput(parsed: ParseOutput, dispose: () => void): ParseOutput {
  return { advisories: disposing(parsed.advisories, dispose), problems: parsed.problems, dispose };
}

/** The records, then the file gone: when the loop ends, normally, by an error or by a `break`. */
function* disposing<T>(records: Iterable<T>, dispose: () => void): Generator<T> {
  try {
    yield* records;
  } finally {
    dispose();
  }
}
