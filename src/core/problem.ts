/**
 * Expected, non-fatal problems are values. A run collects them and reports them next to its
 * result; only a FatalError stops a run.
 */
export type Problem =
  | { readonly kind: "malformed-record"; readonly path: string; readonly line: number | null; readonly detail: string }
  | { readonly kind: "unreadable-file"; readonly path: string; readonly detail: string }
  | { readonly kind: "file-too-large"; readonly path: string; readonly size: number; readonly limit: number }
  /**
   * A file left unread to stay within the scan's budget for files held for parsing (`budget`),
   * or an earlier layer's copy let go for the same reason (`history`: only layer attribution suffers).
   */
  | { readonly kind: "skipped"; readonly path: string; readonly size: number; readonly reason: "budget" | "history"; readonly limit: number }
  | { readonly kind: "unsafe-path"; readonly path: string; readonly detail: string }
  | { readonly kind: "bad-feed-record"; readonly updater: string; readonly detail: string }
  | { readonly kind: "unsupported"; readonly detail: string }
  /** `--platform` asked for one platform, but the image is a single manifest whose config names another. */
  | { readonly kind: "platform-mismatch"; readonly requested: string; readonly found: string }
  /** A VEX statement or ignore entry (in the file `path`) that matched no finding of this scan. */
  | { readonly kind: "unused-suppression"; readonly path: string; readonly detail: string };

export function describeProblem(p: Problem): string {
  switch (p.kind) {
    case "malformed-record":
      return `${p.path}${p.line === null ? "" : `:${p.line}`}: ${p.detail}`;
    case "unreadable-file":
      return `${p.path}: ${p.detail}`;
    case "file-too-large":
      return `${p.path}: ${p.size} bytes exceeds the ${p.limit}-byte limit for buffered files`;
    case "skipped":
      return p.reason === "budget"
        ? `${p.path}: not read: its ${p.size} bytes do not fit the ${p.limit}-byte budget for files held for parsing (raise --max-buffered-bytes); what it lists is missing`
        : `${p.path}: an earlier layer's copy (${p.size} bytes) was let go to stay within the ${p.limit}-byte budget for files held for parsing; its packages may be attributed to a later layer`;
    case "unsafe-path":
      return `${p.path}: ${p.detail}`;
    case "bad-feed-record":
      return `${p.updater}: ${p.detail}`;
    case "unsupported":
      return p.detail;
    case "platform-mismatch":
      return `--platform ${p.requested} was requested, but the image has a single manifest for ${p.found}; ${p.found} was analysed`;
    case "unused-suppression":
      return `${p.path}: ${p.detail}`;
  }
}

/** Stable machine-readable codes for errors that stop a run (exit code 2 in the CLI). */
export type FatalCode =
  | "BAD_REFERENCE"
  | "IMAGE_NOT_FOUND"
  | "AMBIGUOUS_IMAGE"
  | "PLATFORM_NOT_FOUND"
  | "ARCHIVE_CORRUPT"
  | "LAYER_CORRUPT"
  | "DIGEST_MISMATCH"
  | "UNSAFE_PATH"
  | "FILE_TOO_LARGE"
  | "REGISTRY_UNAUTHORIZED"
  | "REGISTRY_NOT_FOUND"
  | "REGISTRY_ERROR"
  | "NETWORK"
  | "URL_FORBIDDEN"
  | "TIMEOUT"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "DB_EMPTY"
  | "DB_ERROR"
  | "FEED_INVALID"
  | "FEED_UNAVAILABLE"
  | "BUNDLE_INVALID"
  | "OUTPUT_FAILED"
  | "CONFIG_INVALID"
  /** A package database built to make the reader work without end, or past a reading limit. */
  | "PACKAGE_DB_REJECTED";

/** An error that stops the run. `message` is one line naming the cause; `hint` says what to do next. */
export class FatalError extends Error {
  override readonly name = "FatalError";
  constructor(
    readonly code: FatalCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isFatalError(e: unknown): e is FatalError {
  return e instanceof FatalError;
}
