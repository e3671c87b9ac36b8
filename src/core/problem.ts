/**
 * Expected, non-fatal problems are values. A run collects them and reports them next to its
 * result; only a FatalError stops a run.
 */
export type Problem =
  | { readonly kind: "malformed-record"; readonly path: string; readonly line: number | null; readonly detail: string }
  | { readonly kind: "unreadable-file"; readonly path: string; readonly detail: string }
  | { readonly kind: "file-too-large"; readonly path: string; readonly size: number; readonly limit: number }
  | { readonly kind: "unsafe-path"; readonly path: string; readonly detail: string }
  | { readonly kind: "bad-feed-record"; readonly updater: string; readonly detail: string }
  | { readonly kind: "unsupported"; readonly detail: string };

export function describeProblem(p: Problem): string {
  switch (p.kind) {
    case "malformed-record":
      return `${p.path}${p.line === null ? "" : `:${p.line}`}: ${p.detail}`;
    case "unreadable-file":
      return `${p.path}: ${p.detail}`;
    case "file-too-large":
      return `${p.path}: ${p.size} bytes exceeds the ${p.limit}-byte limit for buffered files`;
    case "unsafe-path":
      return `${p.path}: ${p.detail}`;
    case "bad-feed-record":
      return `${p.updater}: ${p.detail}`;
    case "unsupported":
      return p.detail;
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
  | "CONFIG_INVALID";

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
