import type { CriteriaNode, OvalField, OvalIndex } from "./types.js";

/** One criterion after following test → object + states. */
export type Leaf =
  | {
      readonly kind: "check";
      /** The test's element name (`rpminfo_test`, `rpmverifyfile_test`, `family_test`…). */
      readonly testKind: string;
      readonly negate: boolean;
      /** The rpminfo object's package name; null for tests on files, families… */
      readonly name: string | null;
      readonly fields: Readonly<Record<string, OvalField>>;
      readonly comment: string | null;
      /** True when built from the criterion comment because the test, object or state is missing. */
      readonly fromComment: boolean;
    }
  | { readonly kind: "unresolved"; readonly ref: string; readonly negate: boolean; readonly comment: string | null; readonly reason: string };

/** Test kinds whose meaning is known; any other kind is reported as a problem. */
export const KNOWN_TEST_KINDS = new Set([
  "rpminfo_test",
  "rpmverifyfile_test",
  "rpmverifypackage_test",
  "textfilecontent54_test",
  "textfilecontent_test",
  "family_test",
  "uname_test",
]);

/** Follows a criterion's test_ref through the index; missing pieces give an `unresolved` leaf. */
export function resolveLeaf(node: Extract<CriteriaNode, { kind: "criterion" }>, index: OvalIndex): Leaf {
  const unresolved = (reason: string): Leaf => ({ kind: "unresolved", ref: node.testRef, negate: node.negate, comment: node.comment, reason });
  const test = index.tests.get(node.testRef);
  if (!test) return unresolved("test not found");
  let name: string | null = null;
  if (test.objectRef !== null) {
    const obj = index.objects.get(test.objectRef);
    if (!obj) return unresolved(`object ${test.objectRef} not found`);
    name = obj.name;
  }
  const fields: Record<string, OvalField> = {};
  for (const ref of test.stateRefs) {
    const st = index.states.get(ref);
    if (!st) return unresolved(`state ${ref} not found`);
    Object.assign(fields, st.fields);
  }
  return { kind: "check", testKind: test.kind, negate: node.negate, name, fields, comment: node.comment ?? test.comment, fromComment: false };
}

export class TooManyBranches extends Error {}

/**
 * Disjunctive normal form: each inner array is one way for the definition to be true (an AND of
 * leaves). Negated groups and `extend_definition` are dropped by the caller's `leaf` (they never
 * name a package fix), which errs towards reporting. Throws TooManyBranches past `limit`.
 */
export function toDnf<L>(node: CriteriaNode, leaf: (n: Exclude<CriteriaNode, { kind: "criteria" }>) => L | null, limit: number): L[][] {
  if (node.kind !== "criteria") {
    const l = leaf(node);
    return [l === null ? [] : [l]];
  }
  if (node.negate) return [[]];
  const parts = node.children.map((c) => toDnf(c, leaf, limit));
  if (node.operator === "AND") {
    let acc: L[][] = [[]];
    for (const p of parts) {
      const next: L[][] = [];
      for (const a of acc) for (const b of p) next.push([...a, ...b]);
      if (next.length > limit) throw new TooManyBranches();
      acc = next;
    }
    return acc;
  }
  // OR, ONE and XOR: any one branch may be the true one.
  const out = parts.flat();
  if (out.length > limit) throw new TooManyBranches();
  return out.length === 0 ? [[]] : out;
}
