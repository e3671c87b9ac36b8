import type { Problem } from "../../core/problem.js";

/** One pinned distribution read from a lockfile or requirements file. */
export interface LockEntry {
  readonly name: string;
  readonly version: string;
  /** Only in a development group (Pipfile `develop`, poetry `dev`, uv dev-dependencies). */
  readonly dev: boolean;
}

export interface LockParse {
  readonly entries: readonly LockEntry[];
  readonly problems: readonly Problem[];
}
