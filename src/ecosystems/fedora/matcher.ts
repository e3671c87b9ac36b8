import type { Matcher } from "../../contracts/matcher.js";

/**
 * Matches nothing, on purpose: there is no Fedora feed to look records up in (readme.md).
 * Borrowing another distribution's data (Red Hat's, CentOS's) would compare Fedora builds with
 * another vendor's fixed versions and produce noise in both directions.
 */
export const fedoraMatcher: Matcher = {
  id: "fedora",
  handles: () => false,
  queries: () => [],
  isAffected: () => false,
};
