import assert from "node:assert/strict";
import { test } from "node:test";
import { parseToml, TomlError } from "./toml-lite.js";

test("the TOML subset lockfiles use", () => {
  const doc = parseToml(
    [
      "version = 1 # comment",
      'a.b."c.d" = "x\\ty\\u00e9"',
      "lit = 'C:\\path'",
      'multi = """',
      "one\\",
      '   two"""',
      "arr = [",
      '  { name = "n", extra = ["e"] }, # trailing comma next',
      "  [1, 2],",
      "]",
      "[[package]]",
      'name = "p"',
      "[package.metadata]",
      "flag = true",
      "[[package]]",
      'name = "q"',
      "when = 2024-01-01T00:00:00Z",
    ].join("\n"),
  );
  assert.deepEqual(doc, {
    version: 1,
    a: { b: { "c.d": "x\tyé" } },
    lit: "C:\\path",
    multi: "onetwo",
    arr: [{ name: "n", extra: ["e"] }, [1, 2]],
    package: [
      { name: "p", metadata: { flag: true } },
      { name: "q", when: "2024-01-01T00:00:00Z" },
    ],
  });
});

test("syntax errors carry the line", () => {
  assert.throws(
    () => parseToml('a = 1\nb = "open\n'),
    (e: unknown) => e instanceof TomlError && e.line === 2,
  );
  assert.throws(() => parseToml("a = 1\na = 2\n"), /duplicate key a/);
});
