import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { goModScanner, parseGoMod } from "./gomod-scanner.js";

// Issue 12 (13): before Go 1.17, go.mod does not list indirect dependencies; go.sum does.
const GO_SUM = [
  "github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=",
  "github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=",
  "golang.org/x/text v0.3.0/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=",
  "golang.org/x/text v0.3.7 h1:olpwvP2KacW1ZWvsR7uQhoyTYvKAupfQrRGBFM352Gk=",
  "golang.org/x/text v0.3.7/go.mod h1:u+2+/6zg+i71rQMx5EYifcz6MCKuco9NR7cxjK5XBxEw=",
  "golang.org/x/tools v0.0.0-20180917221912-90fa682c2a6e/go.mod h1:n7NCudcB/nEzxVGmLbDWY5pfWTLqBcC2KZ6jyYvM4mQ=",
  "",
].join("\n");
const files = (goVersion: string | null): Record<string, string> => ({
  "src/app/go.mod": `module example.com/app\n\n${goVersion === null ? "" : `go ${goVersion}\n`}\nrequire github.com/pkg/errors v0.9.1\n`,
  "src/app/go.sum": GO_SUM,
});
const ids = (tree: ReturnType<typeof memoryTree>): string[] =>
  goModScanner
    .scan(tree, { distribution: null })
    .found.map((p) => `${p.name}@${p.version} ${p.foundIn}`)
    .sort();

test("go 1.16: modules go.sum has content hashes for and go.mod does not list are added from go.sum", () => {
  assert.equal(parseGoMod(files("1.16")["src/app/go.mod"]!).goVersion, "1.16");
  assert.deepEqual(ids(memoryTree(files("1.16"))), ["github.com/pkg/errors@v0.9.1 src/app/go.mod", "golang.org/x/text@v0.3.7 src/app/go.sum"]);
  // No go directive means Go 1.16 semantics.
  assert.deepEqual(ids(memoryTree(files(null))), ["github.com/pkg/errors@v0.9.1 src/app/go.mod", "golang.org/x/text@v0.3.7 src/app/go.sum"]);
});

test("go 1.17 and later: go.mod is complete, go.sum is not read", () => {
  for (const v of ["1.17", "1.21.3"]) assert.deepEqual(ids(memoryTree(files(v))), ["github.com/pkg/errors@v0.9.1 src/app/go.mod"]);
});
