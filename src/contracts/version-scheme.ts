/** A version ordering, e.g. dpkg's or apk's. Implementations live in `formats/`. */
export interface VersionScheme {
  readonly id: string;
  /** Negative when a < b, 0 when equal, positive when a > b. */
  compare(a: string, b: string): number;
  /** Whether `v` is a syntactically valid version in this scheme. */
  isValid(v: string): boolean;
}
