import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { apk3Version, apkVersion, compareApk2, compareApk3, isValidApk2, isValidApk3 } from "./version.js";

type Op = "<" | "=" | ">";
interface Vector {
  readonly line: number;
  readonly kind: "compare" | "fuzzy" | "valid";
  readonly a: string;
  readonly op: string;
  readonly b: string;
}

/** apk-tools' version.data: `a OP b` (OP may carry `~` for fuzzy), or `[!]version` validity lines. */
function loadVectors(file: string): Vector[] {
  const text = readFileSync(sharedPath("fixtures", "versions", "apk", file), "utf8");
  const out: Vector[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") return;
    const p = line.split(/\s+/);
    if (p.length === 3) out.push({ line: i + 1, kind: p[1]!.includes("~") ? "fuzzy" : "compare", a: p[0]!, op: p[1]!, b: p[2]! });
    else if (p.length === 1) out.push({ line: i + 1, kind: "valid", a: p[0]!, op: "", b: "" });
    else throw new Error(`${file}:${i + 1}: unrecognised vector '${raw}'`);
  });
  return out;
}

const FLIP: Readonly<Record<string, Op>> = { "<": ">", "=": "=", ">": "<" };
const sym = (r: number): Op => (r < 0 ? "<" : r > 0 ? ">" : "=");
const V2 = loadVectors("version.data.apk-tools-2.10.8");
const VM = loadVectors("version.data.apk-tools-master");

describe("apk version comparison against apk-tools' own vectors", () => {
  it("the 2.10.8 file has hundreds of comparisons and nothing else", () => {
    assert.ok(V2.length > 700);
    assert.ok(V2.every((v) => v.kind === "compare"));
  });

  it("apk 2 rules (default scheme): zero disagreements with the 2.10.8 file, both directions", () => {
    const bad = V2.filter((v) => sym(apkVersion.compare(v.a, v.b)) !== v.op || sym(compareApk2(v.b, v.a)) !== FLIP[v.op]);
    assert.deepEqual(bad, []);
  });

  it("apk 3 rules: zero disagreements with the 2.10.8 file and with every comparison, fuzzy and validity line of master", () => {
    const bad: Vector[] = [];
    for (const v of [...V2, ...VM]) {
      if (v.kind === "compare" && sym(apk3Version.compare(v.a, v.b)) !== v.op) bad.push(v);
      if (v.kind === "valid") {
        const wantValid = !v.a.startsWith("!");
        if (isValidApk3(wantValid ? v.a : v.a.slice(1)) !== wantValid) bad.push(v);
      }
      if (v.kind === "fuzzy") {
        // apk_version_match: the result bit of a fuzzy compare must be in the operator's mask.
        const negate = v.op.startsWith("!");
        const mask = v.op.replace("!", "");
        const r = sym(compareApk3(v.a, v.b, true));
        const hit = (r === "<" && mask.includes("<")) || (r === ">" && mask.includes(">")) || (r === "=" && (mask.includes("=") || mask.includes("~")));
        if (hit === negate) bad.push(v);
      }
    }
    assert.deepEqual(bad, []);
    assert.ok(VM.filter((v) => v.kind === "fuzzy").length >= 16);
    assert.ok(VM.filter((v) => v.kind === "valid").length >= 30);
  });

  it("master differs from 2.10.8 only by appended lines", () => {
    const key = (v: Vector) => `${v.a} ${v.op} ${v.b}`;
    assert.deepEqual(VM.slice(0, V2.length).map(key), V2.map(key));
  });
});

describe("apk 2 vs apk 3: the master-file comparisons where the two rule sets answer differently", () => {
  // [a, b, apk 2's answer, apk 3's answer (= the master file's)]
  const differences: readonly [string, string, Op, Op][] = [
    ["6.0_pre1", "6.0", ">", "<"], // apk 2's leading-zero token before `_pre` makes a phantom 0
    ["8.2.0", "8.2.001", ">", "<"], // apk 2 counts leading zeros (-1 vs -2); apk 3 string-sorts
    ["8.2.0015", "8.2.002", ">", "<"],
    ["1.0~1234", "1.0~2345", "=", "<"], // `~hash` is invalid in apk 2: both stop at that token
    ["1.0~1234-r1", "1.0~2345-r0", "=", "<"],
    ["1.0~1234-r1", "1.0~1234-r0", "=", ">"],
  ];
  for (const [a, b, two, three] of differences) {
    it(`${a} vs ${b}: apk 2 says ${two}, apk 3 says ${three}`, () => {
      assert.equal(sym(compareApk2(a, b)), two);
      assert.equal(sym(compareApk3(a, b)), three);
      assert.ok(
        VM.some((v) => v.a === a && v.b === b && v.op === three),
        "the pair is in the master file",
      );
    });
  }

  it("every other master comparison gets the same answer from both rule sets", () => {
    const diffKeys = new Set(differences.map(([a, b]) => `${a} ${b}`));
    const rest = VM.filter((v) => v.kind === "compare" && !diffKeys.has(`${v.a} ${v.b}`));
    assert.deepEqual(
      rest.filter((v) => sym(compareApk2(v.a, v.b)) !== v.op),
      [],
    );
  });

  it("validity: versions only apk 3 accepts, and ones apk 2's lax tokenizer lets through", () => {
    assert.equal(isValidApk2("0.1_pre2~1234abcd"), false);
    assert.equal(isValidApk3("0.1_pre2~1234abcd"), true);
    for (const v of ["0.1a1", "0.1-r", "0.1-r2-r3", "0.1_"]) {
      assert.equal(isValidApk2(v), true, v);
      assert.equal(isValidApk3(v), false, v);
    }
  });
});

describe("invalid versions are ordered deterministically", () => {
  it("apk's raw answer ties distinct invalid versions; the scheme breaks the tie by string order", () => {
    assert.equal(compareApk2("1.0~1234", "1.0~2345"), 0);
    assert.ok(apkVersion.compare("1.0~1234", "1.0~2345") < 0);
    assert.ok(apkVersion.compare("1.0~2345", "1.0~1234") > 0);
    assert.equal(apkVersion.compare("junk", "junk"), 0);
  });

  it("the scheme is antisymmetric over every version in the files plus some garbage", () => {
    const all = [...new Set([...VM.flatMap((v) => [v.a.replace(/^!/, ""), v.b]), "", "-r1", "a", "1.0 beta", "1..2"])];
    for (const scheme of [apkVersion, apk3Version]) {
      for (const a of all) for (const b of all) assert.equal(Math.sign(scheme.compare(a, b)), 0 - Math.sign(scheme.compare(b, a)), `${scheme.id}: ${a} ${b}`);
    }
  });

  it("isValid rejects empty and non-numeric versions in both schemes", () => {
    for (const v of ["", "a", "-r1", "_pre1"]) {
      assert.equal(apkVersion.isValid(v), false, v);
      assert.equal(apk3Version.isValid(v), false, v);
    }
    assert.equal(apkVersion.isValid("1.1.1g-r0"), true);
    assert.equal(apkVersion.isValid("2.10.3-r1"), true);
  });
});
