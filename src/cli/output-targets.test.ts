import assert from "node:assert/strict";
import { test } from "node:test";
import { FatalError } from "../core/problem.js";
import { planOutputs } from "./output-targets.js";

const KNOWN = ["table", "json", "sarif", "cyclonedx-json"];

test("a plain -o FILE and a bare --format keep their meaning", () => {
  assert.deepEqual(planOutputs([], ["report.txt"], KNOWN), { format: undefined, output: "report.txt", primary: true, extra: [] });
  assert.deepEqual(planOutputs(["json"], [], KNOWN), { format: "json", output: undefined, primary: true, extra: [] });
  assert.deepEqual(planOutputs([], [], KNOWN), { format: undefined, output: undefined, primary: true, extra: [] });
});

test("FORMAT=FILE in either flag adds a report; alone it replaces the one on stdout, as in Grype", () => {
  assert.deepEqual(planOutputs(["json=r.json", "table"], ["sarif=r.sarif"], KNOWN), {
    format: "table",
    output: undefined,
    primary: true,
    extra: [
      { format: "json", file: "r.json" },
      { format: "sarif", file: "r.sarif" },
    ],
  });
  assert.deepEqual(planOutputs([], ["json=r.json"], KNOWN), {
    format: undefined,
    output: undefined,
    primary: false,
    extra: [{ format: "json", file: "r.json" }],
  });
  // A file whose name has '=' but no known format before it is a plain file.
  assert.deepEqual(planOutputs([], ["a=b.txt"], KNOWN).output, "a=b.txt");
});

test("ambiguous or clashing requests are one-line configuration errors", () => {
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof FatalError);
      return `${e.code}: ${e.message}`;
    }
    return "no error";
  };
  assert.equal(
    code(() => planOutputs(["json", "table"], [], KNOWN)),
    "CONFIG_INVALID: --format given 2 times without a file (json, table)",
  );
  assert.equal(
    code(() => planOutputs([], ["a.txt", "b.txt"], KNOWN)),
    "CONFIG_INVALID: --output given 2 files without a format (a.txt, b.txt)",
  );
  assert.equal(
    code(() => planOutputs(["xml=r.xml"], [], KNOWN)),
    "CONFIG_INVALID: --format 'xml=r.xml': unknown format 'xml'",
  );
  assert.equal(
    code(() => planOutputs(["json="], [], KNOWN)),
    "CONFIG_INVALID: 'json=': no file after '='",
  );
  assert.equal(
    code(() => planOutputs(["json=r.out"], ["sarif=./r.out"], KNOWN)),
    "CONFIG_INVALID: two reports would be written to ./r.out",
  );
});
