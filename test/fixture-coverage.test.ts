import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { repoRoot, sharedPath } from "./support/shared.js";

/**
 * Issue 4's acceptance asks that every package-database fixture and every feed sample under
 * ../shared/fixtures is read by a test. This test holds the repository to that: it lists the
 * fixture units and, for each, looks for a *.test.ts under src/ or test/ whose string literals
 * spell its path. Tests build paths in pieces (`sharedPath("fixtures", "pkgdb", "npm", …)`,
 * `join(FIX, "trivy", f)`, `` `package-lock_${v}.json` ``, a list of names looped over), so the
 * path may be stitched from several literals, under the rules on `names`; a directory the test
 * lists (readdir, a tree built from a directory, a `dir` feed source) covers what is under it.
 * A template hole (`package-lock_${v}.json`) matches only text that is itself a literal of the
 * file (`"v1"`), so a pattern cannot cover names nobody wrote. Whether the referencing test
 * compares against the expectation is reviewed by hand; this test stops a fixture from being
 * silently forgotten. `CLARO_FIXTURE_COVERAGE=1` prints each unit with the tests that read it.
 */

const FIXTURES = sharedPath("fixtures");
const ROOTS = ["pkgdb", "vulndata"] as const;

/** Files that are not inputs: expectations stored beside an input, upstream docs, build leftovers. */
const NOT_INPUT = [/^LICENSE/, /^expected\./, /\.expected\./, /\.want$/, /^README/, /\.md$/, /^\.gitignore$/, /^Makefile$/];

/**
 * Directories read as one input (a root file system, a mirror an updater walks, a vunnel
 * snapshot set compared as a whole). Files inside them are not units of their own. A trailing
 * `/*` makes each child directory a unit (each exploded jar of syft's jar-metadata).
 */
const TREES = [
  "pkgdb/dpkg/syft/image-distroless-deb",
  "pkgdb/dpkg/syft/image-dpkg",
  "pkgdb/java/syft/jar-metadata/*",
  "pkgdb/npm/syft/pkg-lock/node_modules",
  "pkgdb/npm/trivy-node_modules",
  "pkgdb/python/syft/site-packages",
  "vulndata/alpine/vunnel/snapshots",
  "vulndata/amazon/alas/2_html",
  "vulndata/amazon/alas/2022_html",
  "vulndata/amazon/alas/2023_html",
  "vulndata/amazon/vunnel-expected",
  "vulndata/chainguard/vunnel-expected/osv",
  "vulndata/chainguard/vunnel-expected/secdb",
  "vulndata/debian/vunnel-expected",
  "vulndata/debian/vunnel-input/legacy/debian-7",
  "vulndata/osv/go",
  "vulndata/redhat/securitydata-api-cve-full-min/full",
  "vulndata/redhat/securitydata-api-cve-full-min/min",
  "vulndata/ubuntu/osv",
  "vulndata/ubuntu/osv-esm",
  "vulndata/ubuntu/vex",
];

/**
 * Units no test reads yet, each with the reason. Empty when every fixture is covered; an entry
 * that becomes covered fails the test so the list cannot go stale.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  "pkgdb/rpmdb/claircore/bdb.rpm-manifest.json":
    "claircore's expected list (a Red Hat containerImageRPMManifest, 174 rpms) for a UBI 8 BDB rpmdb that is not among the fixtures (claircore fetches that layer in its tests), so there is no input to compare it with; claro has no reader for this manifest",
  "vulndata/nvd/feed-1.1/feed.meta":
    "NVD's .meta sidecar (lastModifiedDate, size, sha256 of the full uncompressed feed, not of this 3-entry sample); claro's NVD updater uses API 2.0 paging and reads no .meta",
};

/**
 * Fixture folders added for a later issue and not read yet, each with the reason. A unit under
 * one of them counts as a known gap; once any unit under a folder is read, the folder must go.
 */
const KNOWN_GAP_DIRS: Readonly<Record<string, string>> = {};

function gapReason(unit: string): string | undefined {
  return KNOWN_GAPS[unit] ?? Object.entries(KNOWN_GAP_DIRS).find(([dir]) => unit.startsWith(`${dir}/`))?.[1];
}

function isDir(p: string): boolean {
  return statSync(p).isDirectory();
}

/** The fixture units under one root, as `/`-joined paths relative to fixtures/. */
function units(): string[] {
  const trees = new Set<string>();
  for (const t of TREES) {
    if (!t.endsWith("/*")) trees.add(t);
    else
      for (const name of readdirSync(join(FIXTURES, t.slice(0, -2)))) if (isDir(join(FIXTURES, t.slice(0, -2), name))) trees.add(`${t.slice(0, -2)}/${name}`);
  }
  const out: string[] = [];
  const walk = (rel: string): void => {
    if (trees.has(rel)) {
      out.push(rel);
      return;
    }
    const abs = join(FIXTURES, rel);
    if (!isDir(abs)) {
      const name = rel.slice(rel.lastIndexOf("/") + 1);
      if (!NOT_INPUT.some((re) => re.test(name))) out.push(rel);
      return;
    }
    for (const name of readdirSync(abs).sort()) walk(`${rel}/${name}`);
  };
  for (const r of ROOTS) walk(r);
  return out;
}

/** A path segment as a test wrote it: exact text, or static pieces around `${…}` holes. */
type Token = { readonly exact: string } | { readonly pieces: readonly string[] };

/**
 * The segments of one string literal, template, or run of consecutive literal arguments of one
 * call (`sharedPath("fixtures", "pkgdb", "npm")` is one phrase; array elements are one each).
 */
type Phrase = readonly Token[];

interface TestSource {
  readonly path: string;
  readonly phrases: readonly Phrase[];
  readonly literals: ReadonlySet<string>;
  /** It lists directories (readdir, a tree built from a directory, a `dir` feed source). */
  readonly listsDirs: boolean;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === "node_modules" || name === "testdata") return [];
    return isDir(p) ? testFiles(p) : name.endsWith(".test.ts") ? [p] : [];
  });
}

const LISTS_DIRS = /\breaddir(Sync)?\(|\bmemoryTreeFromDir\(|\bopendir(Sync)?\(|kind: "dir"/;

/** Static pieces of a string or template, split into path segments. */
function segmentsOf(pieces: readonly string[], literals: Set<string>): Token[] {
  const out: Token[] = [];
  let current: string[] = [""];
  const flush = (): void => {
    if (current.length === 1) {
      for (const seg of current[0]!.split(/[\\\s]/)) if (seg !== "" && seg !== "." && seg !== "..") (out.push({ exact: seg }), literals.add(seg));
    } else if (current.some((p) => p !== "")) out.push({ pieces: current });
    current = [""];
  };
  pieces.forEach((piece, i) => {
    literals.add(piece);
    if (i > 0) current.push("");
    piece.split("/").forEach((part, j) => {
      if (j > 0) flush();
      current[current.length - 1] += part;
    });
  });
  flush();
  return out;
}

function literalPieces(node: ts.Node): string[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  return undefined;
}

/**
 * The phrases of a test file, of the test helpers it imports from a `testdata/` folder or
 * test/support (shared suites such as formats/apk/testdata/rolling-suite.ts name the fixtures),
 * and of each line of the .tsv/.txt expectation lists in its folder's testdata (gem's
 * want/gemspecs.tsv lists the gemspecs its test reads).
 */
function readTestSource(path: string): TestSource {
  const phrases: Phrase[] = [];
  const literals = new Set<string>();
  let listsDirs = false;
  const seen = new Set<string>();
  const scan = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    if (LISTS_DIRS.test(text)) listsDirs = true;
    const consumed = new Set<ts.Node>();
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) {
        const spec = (node.moduleSpecifier as ts.StringLiteral).text;
        const target = join(dirname(file), spec.replace(/\.js$/, ".ts"));
        if (spec.startsWith(".") && /[/\\](testdata|support)[/\\]/.test(target) && existsSync(target)) scan(target);
        return;
      }
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
        // A plain expression between literal arguments (`sharedPath("fixtures", "vulndata", name, "secdb")`)
        // is a one-segment hole: it matches any segment that is a literal of the file.
        let run: Token[] = [];
        let hole = false;
        for (const arg of [...node.arguments, undefined]) {
          const pieces = arg && literalPieces(arg);
          if (pieces) {
            if (hole && run.length > 0) run.push({ pieces: ["", ""] });
            run.push(...segmentsOf(pieces, literals));
            consumed.add(arg!);
            hole = false;
          } else if (arg && !ts.isSpreadElement(arg)) {
            hole = true;
          } else if (run.length > 0) {
            phrases.push(run);
            run = [];
            hole = false;
          }
        }
      }
      const pieces = consumed.has(node) ? undefined : literalPieces(node);
      if (pieces) phrases.push(segmentsOf(pieces, literals));
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true));
  };
  scan(path);
  const walkLists = (dir: string): void => {
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const p = join(dir, name);
      if (isDir(p)) walkLists(p);
      else if (/\.(tsv|txt)$/.test(name)) for (const line of readFileSync(p, "utf8").split("\n")) phrases.push(segmentsOf([line], literals));
    }
  };
  walkLists(join(dirname(path), "testdata"));
  return { path, phrases, literals, listsDirs };
}

const compiled = new WeakMap<Token, RegExp>();

function tokenMatches(token: Token, segment: string, literals: ReadonlySet<string>): boolean {
  if ("exact" in token) return token.exact === segment;
  let re = compiled.get(token);
  if (re === undefined) {
    re = new RegExp(`^${token.pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(.+?)")}$`);
    compiled.set(token, re);
  }
  const m = re.exec(segment);
  return m !== null && m.slice(1).every((hole) => literals.has(hole));
}

/** Cheap pre-check: some token of the file can match each segment at all. */
const exactTokens = new WeakMap<TestSource, { exact: Set<string>; patterns: Token[] }>();
function mayName(source: TestSource, segs: readonly string[]): boolean {
  let index = exactTokens.get(source);
  if (index === undefined) {
    const all = source.phrases.flat();
    index = { exact: new Set(all.flatMap((t) => ("exact" in t ? [t.exact] : []))), patterns: all.filter((t) => !("exact" in t)) };
    exactTokens.set(source, index);
  }
  const { exact, patterns } = index;
  return segs.every((seg) => exact.has(seg) || patterns.some((t) => tokenMatches(t, seg, source.literals)));
}

/**
 * Whether the file spells `path`, possibly in pieces: the path splits into chunks, each a run of
 * consecutive tokens of one phrase. A chunk followed by another must end its phrase (a directory
 * prefix such as `const FIX = sharedPath("fixtures/pkgdb/cargo")`); a chunk preceded by another
 * must start its phrase (`join(FIX, "trivy", "cargo_v3.lock")`, `["trivy/installed", …]`), so
 * unrelated words elsewhere in the file cannot be stitched together. Phrase order is free: a test
 * often lists file names before the helper that adds their directory.
 */
function names(source: TestSource, path: string, asDirectory = false): boolean {
  const segs = path.split("/");
  if (!mayName(source, segs)) return false;
  const memo = new Map<number, boolean>();
  const from = (i: number): boolean => {
    if (i === segs.length) return true;
    if (memo.has(i)) return memo.get(i)!;
    let ok = false;
    for (const phrase of source.phrases) {
      for (let start = 0; start < phrase.length && !ok; start++) {
        if (i > 0 && start > 0) break;
        let k = 0;
        while (i + k < segs.length && start + k < phrase.length && tokenMatches(phrase[start + k]!, segs[i + k]!, source.literals)) {
          k++;
          const endsPath = i + k === segs.length;
          const endsPhrase = start + k === phrase.length;
          if ((endsPath && (endsPhrase || !asDirectory)) || (!endsPath && endsPhrase && from(i + k))) {
            ok = true;
            break;
          }
        }
      }
      if (ok) break;
    }
    memo.set(i, ok);
    return ok;
  };
  return from(0);
}

/**
 * A unit is referenced by its own path, or through a directory at least three levels deep
 * (`vulndata/alpine/secdb-yaml`, `pkgdb/python/trivy`) that the test lists. The directory must
 * end a phrase: `sharedPath(…, "vunnel-expected", "secdb")` lists secdb, not its sibling osv.
 */
function references(source: TestSource, unit: string): boolean {
  if (names(source, unit)) return true;
  if (!source.listsDirs) return false;
  const segs = unit.split("/");
  for (let n = segs.length - 1; n >= 3; n--) if (names(source, segs.slice(0, n).join("/"), true)) return true;
  return false;
}

const self = join("test", "fixture-coverage.test.ts");
const sources = [...testFiles(join(repoRoot, "src")), ...testFiles(join(repoRoot, "test"))].filter((p) => relative(repoRoot, p) !== self).map(readTestSource);
const all = units();
const coverage = new Map(all.map((u) => [u, sources.filter((s) => references(s, u)).map((s) => relative(repoRoot, s.path).split(sep).join("/"))]));

test("the unit list is not empty and every TREES entry exists (a renamed fixture fails here)", () => {
  assert.ok(all.length > 100, `only ${all.length} units`);
  for (const t of TREES) assert.ok(t.endsWith("/*") ? all.some((u) => u.startsWith(t.slice(0, -1))) : all.includes(t), t);
  for (const gap of Object.keys(KNOWN_GAPS)) assert.ok(all.includes(gap), `KNOWN_GAPS names ${gap}, which is not a unit`);
  for (const dir of Object.keys(KNOWN_GAP_DIRS))
    assert.ok(
      all.some((u) => u.startsWith(`${dir}/`)),
      `KNOWN_GAP_DIRS names ${dir}, which holds no unit`,
    );
});

for (const root of ROOTS) {
  test(`every ${root} fixture is read by a test, or named as a known gap with its reason`, () => {
    const mine = all.filter((u) => u.startsWith(`${root}/`));
    const missing = mine.filter((u) => coverage.get(u)!.length === 0 && gapReason(u) === undefined);
    const stale = mine.filter((u) => coverage.get(u)!.length > 0 && gapReason(u) !== undefined);
    if (process.env["CLARO_FIXTURE_COVERAGE"])
      for (const u of mine) console.log(`${coverage.get(u)!.length > 0 ? "ok  " : "MISS"} ${u} ${coverage.get(u)!.join(" ")}`);
    assert.deepEqual(missing, [], `${missing.length} of ${mine.length} ${root} fixtures are read by no test`);
    assert.deepEqual(stale, [], "covered now: remove from KNOWN_GAPS");
  });
}
