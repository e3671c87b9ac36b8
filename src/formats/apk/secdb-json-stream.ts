import { TokenParser, Tokenizer, TokenType, type ParsedTokenInfo } from "@streamparser/json";
import { FatalError, type Problem } from "../../core/problem.js";
import { secdbHeaderOf, secdbPackageOf, type SecdbPackage } from "./secdb.js";

const HEADER_FIELDS = ["distroversion", "reponame", "urlprefix", "apkurl"] as const;

/**
 * The packages of a JSON secdb document, one `$.packages.*` element materialised at a time
 * (issue 13.3), validated as `parseSecdb` validates them: the same packages, in the same order,
 * and the same problems, pushed onto `problems` as the loop goes. Synchronous, so the store can
 * consume it inside its write transaction; a document that is cut short, malformed, not an
 * object or without a `packages` list throws FEED_INVALID from the loop, which rolls the write back.
 */
export function* secdbJsonPackages(slices: Iterable<Uint8Array>, source: string, problems: Problem[]): Generator<SecdbPackage> {
  const bad = (detail: string): void => void problems.push({ kind: "bad-feed-record", updater: source, detail });
  const invalid = (why: string, cause?: unknown): FatalError =>
    new FatalError(
      "FEED_INVALID",
      `${source}: secdb json is unreadable (truncated or corrupt): ${why}`,
      "fetch the feed again",
      cause === undefined ? undefined : { cause },
    );
  // keepStack false drops each emitted element from its array, so the parser holds one package.
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ["$.packages.*", ...HEADER_FIELDS.map((f) => `$.${f}`)], keepStack: false });
  const header: Record<string, unknown> = {};
  const ready: unknown[] = [];
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1 && typeof key === "string") header[key] = value;
    else ready.push(value);
  };
  // The root's shape, watched token by token: `parseSecdb` refuses a root that is not an object,
  // or a `packages` that is missing or not a list, and those never reach `onValue`.
  let depth = 0;
  let tokens = 0;
  let rootKind: TokenType | undefined;
  let packagesKind: TokenType | undefined;
  let previous: TokenType | undefined;
  let key: string | undefined;
  tokenizer.onToken = (info: ParsedTokenInfo) => {
    tokens += 1;
    if (tokens === 1) rootKind = info.token;
    if (depth === 1 && info.token === TokenType.STRING && (previous === TokenType.LEFT_BRACE || previous === TokenType.COMMA)) key = String(info.value);
    else if (depth === 1 && previous === TokenType.COLON && key === "packages") packagesKind = info.token;
    if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) depth += 1;
    else if (info.token === TokenType.RIGHT_BRACE || info.token === TokenType.RIGHT_BRACKET) depth -= 1;
    previous = info.token;
    parser.write(info);
  };
  tokenizer.onEnd = () => {
    if (!parser.isEnded) parser.end();
  };
  parser.onError = tokenizer.error.bind(tokenizer);
  parser.onEnd = () => {
    if (!tokenizer.isEnded) tokenizer.end();
  };
  let index = 0;
  const drain = function* (): Generator<SecdbPackage> {
    for (const raw of ready.splice(0)) {
      const pkg = secdbPackageOf(raw, index, bad);
      index += 1;
      if (pkg !== undefined) yield pkg;
    }
  };
  const step = (work: () => void): void => {
    try {
      work();
    } catch (e) {
      if (e instanceof FatalError) throw e;
      throw invalid(e instanceof Error ? e.message : String(e), e);
    }
  };
  for (const slice of slices) {
    // After the root closes the parser has ended: anything but whitespace after it is an error.
    step(() => tokenizer.write(slice));
    if (rootKind !== undefined && rootKind !== TokenType.LEFT_BRACE) break;
    yield* drain();
  }
  if (rootKind === TokenType.LEFT_BRACE) step(() => (tokenizer.isEnded ? undefined : tokenizer.end()));
  const packages = packagesKind === undefined ? undefined : packagesKind === TokenType.LEFT_BRACKET ? [] : null;
  secdbHeaderOf(rootKind === TokenType.LEFT_BRACE ? { ...header, packages } : null, source);
  yield* drain();
}
