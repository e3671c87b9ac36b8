/** Compact records of an OVAL definitions document: only what advisories need, never the DOM. */

export interface OvalReference {
  readonly source: string;
  readonly refId: string;
  readonly refUrl: string | null;
}

/** A `<cve>` inside `<advisory>`: SUSE puts a CVSS `score/vector` pair in `cvss3`. */
export interface OvalCve {
  readonly id: string;
  readonly href: string | null;
  readonly cvss3: string | null;
}

export type CriteriaOperator = "AND" | "OR" | "ONE" | "XOR";

export type CriteriaNode =
  | { readonly kind: "criteria"; readonly operator: CriteriaOperator; readonly negate: boolean; readonly children: readonly CriteriaNode[] }
  | { readonly kind: "criterion"; readonly testRef: string; readonly negate: boolean; readonly comment: string | null }
  | { readonly kind: "extend"; readonly definitionRef: string; readonly negate: boolean };

export interface OvalDefinition {
  readonly id: string;
  readonly class: string;
  readonly title: string;
  readonly description: string | null;
  readonly platforms: readonly string[];
  readonly references: readonly OvalReference[];
  readonly cves: readonly OvalCve[];
  /** `<severity>` from metadata/advisory (or metadata, as Azure Linux writes it), as written. */
  readonly severity: string | null;
  /** Other simple metadata fields some vendors add (Azure Linux: `patchable`, `advisory_id`). */
  readonly extra: Readonly<Record<string, string>>;
  readonly criteria: CriteriaNode | null;
}

export interface OvalTest {
  readonly id: string;
  /** Element local name, e.g. `rpminfo_test`, `rpmverifyfile_test`, `textfilecontent54_test`. */
  readonly kind: string;
  readonly comment: string | null;
  readonly objectRef: string | null;
  readonly stateRefs: readonly string[];
}

export interface OvalObject {
  readonly id: string;
  readonly kind: string;
  /** rpminfo_object `<name>`; null for objects that are not named packages. */
  readonly name: string | null;
}

export interface OvalField {
  /** OVAL `operation`; `equals` when absent, as the schema defaults it. */
  readonly operation: string;
  readonly datatype: string | null;
  readonly value: string;
}

export interface OvalState {
  readonly id: string;
  readonly kind: string;
  /** Child element local name (evr, version, arch, signature_keyid, release…) → its check. */
  readonly fields: Readonly<Record<string, OvalField>>;
}

/** Records by id; a Map is one, and so is the on-disk store's view of a batch. */
export interface OvalLookup<T> {
  get(id: string): T | undefined;
}

export interface OvalIndex {
  readonly tests: OvalLookup<OvalTest>;
  readonly objects: OvalLookup<OvalObject>;
  readonly states: OvalLookup<OvalState>;
}
