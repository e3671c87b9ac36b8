import assert from "node:assert/strict";
import { test } from "node:test";
import type { CheckLeaf } from "../../feeds/oval/index.js";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { suse, suseDistributionScanner } from "./index.js";
import { namespaceOf, suseNamespace } from "./releases.js";

// Issue 12 (11): SLE Micro (sle-micro), SUSE Linux Micro 6 (sl-micro) and SLE Micro for
// Rancher (sle-micro-rancher) are SUSE products matched with SLE's data.
const release = (name: string, version: string): CheckLeaf => ({
  kind: "check",
  testKind: "rpminfo_test",
  negate: false,
  name,
  fields: { version: { operation: "equals", datatype: null, value: version } },
  comment: null,
  fromComment: false,
});

for (const [id, versionId] of [
  ["sle-micro", "5.4"],
  ["sl-micro", "6.0"],
  ["sle-micro-rancher", "5.2"],
] as const) {
  test(`os-release ID=${id} is found and matched in sles:${versionId}`, () => {
    const tree = memoryTree({ "etc/os-release": `ID="${id}"\nVERSION_ID="${versionId}"\n` });
    const [d] = suseDistributionScanner.scan(tree).found;
    assert.deepEqual(d && [d.id, d.versionId], [id, versionId]);
    assert.equal(suseNamespace(d!), `sles:${versionId}`);
    const pkg = {
      name: "curl",
      version: "8.0.1-1.1",
      type: "rpm",
      arch: "x86_64",
      source: null,
      purl: "",
      layer: `sha256:${"0".repeat(64)}`,
      foundIn: "",
    } as const;
    assert.equal(suse.matcher.handles(pkg, d!), true);
  });
}

test("the micro OVAL files' release packages name the same namespaces", () => {
  assert.equal(namespaceOf(release("SLE-Micro-release", "5.4")), "sles:5.4");
  assert.equal(namespaceOf(release("SL-Micro-release", "6.0")), "sles:6.0");
  assert.equal(namespaceOf(release("SLE-Micro-Rancher-release", "5.2")), "sles:5.2");
});
