import { HeaderError, RPMTAG, RpmHeader, headerFiles } from "./header.js";

/** One installed package read from an rpmdb header. Absent tags are null, as `rpm -q` prints `(none)`. */
export interface RpmPackage {
  readonly name: string;
  readonly epoch: number | null;
  readonly version: string;
  readonly release: string;
  /** Null for `gpg-pubkey` pseudo-packages, which carry no ARCH. */
  readonly arch: string | null;
  /** The SRPM file name, e.g. `util-linux-2.32.1-42.el8_8.src.rpm`. */
  readonly sourceRpm: string | null;
  /** Source package name derived from `sourceRpm`; the binary name when there is no SRPM. */
  readonly sourceName: string;
  readonly vendor: string | null;
  /** `name:stream:version:context` for packages from a modularity stream. */
  readonly modularityLabel: string | null;
  readonly license: string | null;
  /** Installed size in bytes (LONGSIZE, else SIZE). */
  readonly size: number | null;
  /** Absolute paths the package owns; absent when the header has no file list. */
  readonly files?: readonly string[];
}

/**
 * `util-linux-2.32.1-42.el8_8.src.rpm` → `util-linux`. The SRPM's version may differ from the
 * binary's, so the last two `-` fields are stripped rather than the binary's own version-release.
 */
export function sourceNameFromSrpm(srpm: string): string | null {
  const m = /^(.+)-[^-]+-[^-]+\.(?:no)?src\.rpm$/.exec(srpm);
  return m ? m[1]! : null;
}

export type HeaderRead = { readonly ok: true; readonly pkg: RpmPackage; readonly fileError: string | null } | { readonly ok: false; readonly detail: string };

/** Reads the package fields from a header blob; a broken file list does not lose the package. */
export function readRpmPackage(blob: Buffer): HeaderRead {
  const h = RpmHeader.parse(blob);
  if (typeof h === "string") return { ok: false, detail: h };
  try {
    const name = h.string(RPMTAG.NAME);
    const version = h.string(RPMTAG.VERSION);
    const release = h.string(RPMTAG.RELEASE);
    if (name === null || name === "") return { ok: false, detail: "header has no NAME" };
    if (version === null || version === "") return { ok: false, detail: `package ${name}: header has no VERSION` };
    if (release === null) return { ok: false, detail: `package ${name}: header has no RELEASE` };
    const sourceRpm = h.string(RPMTAG.SOURCERPM);
    const base: Omit<RpmPackage, "files"> = {
      name,
      epoch: h.int(RPMTAG.EPOCH),
      version,
      release,
      arch: h.string(RPMTAG.ARCH),
      sourceRpm,
      sourceName: (sourceRpm === null ? null : sourceNameFromSrpm(sourceRpm)) ?? name,
      vendor: h.string(RPMTAG.VENDOR),
      modularityLabel: h.string(RPMTAG.MODULARITYLABEL),
      license: h.string(RPMTAG.LICENSE),
      size: h.int(RPMTAG.LONGSIZE) ?? h.int(RPMTAG.SIZE),
    };
    try {
      const files = headerFiles(h);
      return { ok: true, pkg: files === null ? base : { ...base, files }, fileError: null };
    } catch (e) {
      if (!(e instanceof HeaderError)) throw e;
      return { ok: true, pkg: base, fileError: `package ${name}: file list unreadable: ${e.message}` };
    }
  } catch (e) {
    if (e instanceof HeaderError) return { ok: false, detail: e.message };
    throw e;
  }
}
