import type { ParseOutput } from "../../contracts/updater.js";
import type { Advisory } from "../../core/advisory.js";
import type { Problem } from "../../core/problem.js";
import { canonicalEvr, rpmVersion } from "../../formats/rpm/version.js";
import { bufferChunks, feedChunks } from "../../formats/oval/chunks.js";
import { readOval } from "../../formats/oval/reader.js";
import { archList, cvssOf, identify, linksOf, normaliseSeverity } from "../../formats/oval/mapping.js";
import { KNOWN_TEST_KINDS, resolveLeaf, toDnf, TooManyBranches, type Leaf } from "../../formats/oval/resolve.js";
import { IndexStore } from "./index-store.js";
import { DefinitionSpool } from "./spool.js";
import type { CriteriaNode, OvalDefinition, OvalIndex } from "../../formats/oval/types.js";

export type CheckLeaf = Extract<Leaf, { kind: "check" }>;

/** What differs between vendors: how a release is named, and where a file has no release check. */
export interface OvalProfile {
  /** Updater id written on every advisory. */
  readonly updater: string;
  /** The namespace (`photon:3`, `sles:15.1`) a leaf selects when it checks the OS release; else undefined. */
  namespaceOf(leaf: CheckLeaf): string | undefined;
  /** For files that are one release each and carry no release check (Azure Linux); null otherwise. */
  readonly defaultNamespace: string | null;
  /** A check read from a criterion comment when its test is missing (vunnel reads Oracle's this way). */
  fromComment?(comment: string): CheckLeaf | undefined;
  /** CVSS `source` label for vectors found in the feed. */
  readonly cvssSource: string;
}

/** Conjunctions per definition beyond which a definition is skipped as a problem. */
const MAX_BRANCHES = 20_000;

const EARLIER_RE = /^\s*(?:Package\s+)?(\S+) is earlier than (\S+?)(?:,.*)?\s*$/;

/** `bind is earlier than 30:9.3.3-8.el5` → rpminfo check; shared by every vendor that writes it. */
export function earlierThanComment(comment: string): CheckLeaf | undefined {
  const m = EARLIER_RE.exec(comment);
  if (!m) return undefined;
  return {
    kind: "check",
    testKind: "rpminfo_test",
    negate: false,
    name: m[1]!,
    fields: { evr: { operation: "less than", datatype: "evr_string", value: m[2]! } },
    comment,
    fromComment: true,
  };
}

/** Namespace of records limited to some architectures: `sles:15.1/x86_64` (the matcher queries both). */
export function archNamespace(namespace: string, arch: string): string {
  return `${namespace}/${arch}`;
}

interface Constraint {
  name: string;
  fixed: string | null;
  lastAffected: string | null;
  introduced: string | null;
  arches: string[] | null;
}

class Tally {
  private readonly counts = new Map<string, { n: number; example: string }>();
  add(key: string, example: string): void {
    const c = this.counts.get(key);
    if (c) c.n++;
    else this.counts.set(key, { n: 1, example });
  }
  flush(updater: string, problems: Problem[]): void {
    for (const [key, { n, example }] of this.counts) problems.push({ kind: "bad-feed-record", updater, detail: `${key}: ${n} time(s), first in ${example}` });
  }
}

/** Definitions resolved per lookup in the index store: bounds what one batch holds in memory. */
const BATCH_DEFINITIONS = 256;
/** …and the criteria a batch may name, for vendors whose definitions carry hundreds each. */
const BATCH_CRITERIA = 8192;

/**
 * Parses an OVAL document (plain, gzip or bzip2 bytes) into advisories in one streaming pass.
 * Definitions come before the tests, objects and states they refer to, so each is parked in a
 * temporary file while the index goes to a temporary SQLite file; records are then made lazily,
 * a batch of definitions at a time, in document order. The whole document is read here, so a
 * truncated file throws FEED_INVALID before any record is yielded (and the engine keeps the
 * previous data).
 */
export function parseOval(body: Buffer, profile: OvalProfile, label = profile.updater): ParseOutput {
  return parseOvalChunks(bufferChunks(body), profile, label);
}

/** As parseOval, over the document's bytes as they are read (a file, a download). */
export function parseOvalChunks(raw: Iterable<Buffer>, profile: OvalProfile, label = profile.updater): ParseOutput {
  const spool = new DefinitionSpool();
  let store: IndexStore;
  try {
    store = new IndexStore();
  } catch (e) {
    spool.close();
    throw e;
  }
  try {
    // A definition without criteria never yields a record or a problem: not worth the disk.
    readOval(
      feedChunks(raw, label),
      label,
      (def) => {
        if (def.criteria !== null) spool.add(def);
      },
      store,
    );
  } catch (e) {
    spool.close();
    store.close();
    throw e;
  }
  const problems: Problem[] = [];
  return { advisories: generate(spool, store, profile, problems), problems };
}

function* generate(spool: DefinitionSpool, store: IndexStore, profile: OvalProfile, problems: Problem[]): Generator<Advisory> {
  const tally = new Tally();
  try {
    for (const batch of batches(spool.read())) {
      const index = store.lookup(batch);
      for (const def of batch) yield* definitionAdvisories(def, index, profile, tally, problems);
    }
  } finally {
    spool.close();
    store.close();
  }
  tally.flush(profile.updater, problems);
}

function* batches(defs: Iterable<OvalDefinition>): Generator<OvalDefinition[]> {
  let batch: OvalDefinition[] = [];
  let criteria = 0;
  for (const def of defs) {
    batch.push(def);
    criteria += countCriteria(def.criteria);
    if (batch.length >= BATCH_DEFINITIONS || criteria >= BATCH_CRITERIA) {
      yield batch;
      batch = [];
      criteria = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

function countCriteria(node: CriteriaNode | null): number {
  if (node === null) return 0;
  return node.kind === "criteria" ? node.children.reduce((n, c) => n + countCriteria(c), 0) : 1;
}

function leafOf(def: OvalDefinition, index: OvalIndex, profile: OvalProfile, tally: Tally) {
  return (node: Parameters<Parameters<typeof toDnf>[1]>[0]): CheckLeaf | null => {
    if (node.kind === "extend") {
      tally.add("extend_definition is not followed", def.id);
      return null;
    }
    const leaf = resolveLeaf(node, index);
    if (leaf.kind === "check") {
      if (!KNOWN_TEST_KINDS.has(leaf.testKind)) {
        tally.add(`unknown OVAL test kind ${leaf.testKind} (criterion ignored)`, def.id);
        return null;
      }
      return leaf;
    }
    const fallback = leaf.comment === null ? undefined : (profile.fromComment?.(leaf.comment) ?? earlierThanComment(leaf.comment));
    if (fallback) {
      tally.add("criterion read from its comment because its test, object or state is missing", def.id);
      return { ...fallback, negate: leaf.negate };
    }
    tally.add(`unresolvable criterion (${leaf.reason}; ignored)`, `${def.id} ${leaf.ref}`);
    return null;
  };
}

function constraintOf(leaf: CheckLeaf, def: OvalDefinition, tally: Tally): Constraint | undefined {
  const evr = leaf.fields["evr"];
  if (leaf.name === null) return undefined;
  const c: Constraint = { name: leaf.name, fixed: null, lastAffected: null, introduced: null, arches: archList(leaf.fields["arch"]) };
  // "The package is installed", with no version bound: every version is affected (kept only
  // when nothing else in the branch is bounded, see definitionAdvisories).
  // A state that tests something else (a `version` pattern, a signature key) is not that.
  if (evr === undefined) return leaf.testKind === "rpminfo_test" && Object.keys(leaf.fields).every((k) => k === "arch") ? c : undefined;
  if (!rpmVersion.isValid(evr.value)) {
    tally.add(`invalid EVR '${evr.value}'`, def.id);
    return undefined;
  }
  const value = canonicalEvr(evr.value);
  switch (evr.operation) {
    case "less than":
      c.fixed = value;
      break;
    case "less than or equal":
      c.lastAffected = value;
      break;
    // A lower bound; Advisory bounds are inclusive, so `greater than` is widened by one version.
    case "greater than":
    case "greater than or equal":
      c.introduced = value;
      break;
    default:
      tally.add(`unsupported evr operation '${evr.operation}' (criterion ignored)`, def.id);
      return undefined;
  }
  return c;
}

function* definitionAdvisories(def: OvalDefinition, index: OvalIndex, profile: OvalProfile, tally: Tally, problems: Problem[]): Generator<Advisory> {
  if (def.criteria === null) return;
  const ident = identify(def);
  if (!ident) {
    problems.push({ kind: "bad-feed-record", updater: profile.updater, detail: `${def.id}: no CVE or advisory id in the definition` });
    return;
  }
  let branches: CheckLeaf[][];
  try {
    branches = toDnf(def.criteria, leafOf(def, index, profile, tally), MAX_BRANCHES);
  } catch (e) {
    if (!(e instanceof TooManyBranches)) throw e;
    problems.push({ kind: "bad-feed-record", updater: profile.updater, detail: `${def.id}: criteria expand to more than ${MAX_BRANCHES} branches; skipped` });
    return;
  }
  const seen = new Set<string>();
  const common = {
    severity: normaliseSeverity(def.severity),
    vendorSeverity: def.severity,
    cvss: cvssOf(def, profile.cvssSource),
    description: def.description,
    links: linksOf(def),
  };
  for (const branch of branches) {
    const positive = branch.filter((l) => !l.negate);
    const namespaces = new Set<string>();
    const constraints = new Map<string, Constraint>();
    for (const leaf of positive) {
      const ns = profile.namespaceOf(leaf);
      if (ns !== undefined) {
        namespaces.add(ns);
        continue;
      }
      const c = constraintOf(leaf, def, tally);
      if (!c) continue;
      // Bounds on one package in one branch narrow the same range (Azure Linux: > 1.19.0 and < 1.20.7-1).
      const prev = constraints.get(c.name);
      constraints.set(
        c.name,
        prev
          ? {
              name: c.name,
              fixed: c.fixed ?? prev.fixed,
              lastAffected: c.lastAffected ?? prev.lastAffected,
              introduced: c.introduced ?? prev.introduced,
              arches: c.arches ?? prev.arches,
            }
          : c,
      );
    }
    // Beside a bounded package, an unbounded one is a condition of the branch (a kernel flavour
    // that must be installed), not a package affected at every version.
    const bounded = (c: Constraint): boolean => c.fixed !== null || c.lastAffected !== null || c.introduced !== null;
    if ([...constraints.values()].some(bounded)) for (const [name, c] of constraints) if (!bounded(c)) constraints.delete(name);
    if (constraints.size === 0) continue;
    if (namespaces.size === 0) {
      if (profile.defaultNamespace === null) {
        tally.add("branch names a package fix but no release (skipped)", def.id);
        continue;
      }
      namespaces.add(profile.defaultNamespace);
    }
    for (const ns of namespaces) {
      for (const c of constraints.values()) {
        if (c.fixed === null && c.lastAffected === null && c.introduced !== null) continue;
        for (const namespace of c.arches === null ? [ns] : c.arches.map((a) => archNamespace(ns, a))) {
          const key = `${namespace}\0${c.name}\0${c.fixed}\0${c.lastAffected}\0${c.introduced}`;
          if (seen.has(key)) continue;
          seen.add(key);
          yield {
            id: ident.id,
            aliases: ident.aliases,
            namespace,
            packageName: c.name,
            packageKind: "binary",
            versionScheme: rpmVersion.id,
            status: c.fixed !== null ? "fixed" : "affected",
            fixedVersion: c.fixed,
            introducedVersion: c.introduced,
            ...(c.fixed === null ? { lastAffectedVersion: c.lastAffected } : {}),
            ...common,
            updater: profile.updater,
          };
        }
      }
    }
  }
}
