import { timeoutMs, withDeadline } from "./deadline.js";

// The flags every command that reads an image takes, apart from anything that needs the registry
// client: `claro sbom` on an archive must not load undici (issue 10 §3).

export const DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024;

export interface ImageFlags {
  readonly platform?: string;
  readonly username?: string;
  readonly password?: string;
  readonly insecure?: boolean;
  readonly maxFileSize?: number;
  readonly maxBufferedBytes?: number;
  readonly quiet?: boolean;
  /** `--timeout`: the whole read of the image (default 10m). */
  readonly timeout?: string | number;
  /** `--allow-metadata-hosts`: let the registry reach link-local and cloud-metadata addresses. */
  readonly allowMetadataHosts?: boolean;
}

/** Reads an image under `--timeout`: past it, requests are cancelled and TIMEOUT is thrown. */
export function imageDeadline<T>(s: ImageFlags, reference: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return withDeadline(timeoutMs(s.timeout), `reading ${reference}`, work);
}
