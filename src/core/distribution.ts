/** The operating system an image is built from, as found in os-release and friends. */
export interface Distribution {
  /** os-release `ID`, e.g. `debian`, `alpine`. */
  readonly id: string;
  /** os-release `VERSION_ID`, e.g. `12`, `3.9.6`. */
  readonly versionId: string;
  /** os-release `VERSION_CODENAME`, e.g. `bookworm`; null when the release has none. */
  readonly codename: string | null;
  readonly prettyName: string | null;
  /**
   * Package repositories the image was built from, where the image records them (Red Hat's
   * content sets in root/buildinfo/content_manifests); they scope which product streams apply.
   */
  readonly repositories?: readonly string[];
  /**
   * When the release's security support ends (YYYY-MM-DD); null when not known or rolling.
   * Set by a scan from claro's end-of-life table; absent in an inventory.
   */
  readonly endOfLife?: string | null;
}
