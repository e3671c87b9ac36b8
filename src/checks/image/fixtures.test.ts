import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { buildLayeredTree, createDockerArchiveSource } from "../../image/index.js";
import { toImageConfig } from "../../image/oci-resolve.js";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import type { CheckOutcome } from "../../core/check.js";
import { imageRules } from "./index.js";
import { type ImageCheckInput, imageCheckWants } from "./input.js";

/** Dockle code → the claro rule that implements it (codes of checks claro does not implement are left out). */
const BY_DOCKLE: Record<string, keyof typeof imageRules> = {
  "CIS-DI-0001": "non-root-user",
  "CIS-DI-0006": "healthcheck",
  "CIS-DI-0007": "update-instruction-alone",
  "CIS-DI-0008": "setuid-setgid-files",
  "CIS-DI-0009": "copy-not-add",
  "CIS-DI-0010": "secrets",
  "DKL-DI-0001": "sudo-usage",
  "DKL-DI-0004": "package-cache",
  "DKL-DI-0005": "package-cache",
  "DKL-DI-0006": "latest-tag",
  "DKL-LI-0001": "empty-password",
  "DKL-LI-0002": "unique-uid-gid",
  "DKL-LI-0003": "sensitive-files",
};

/** Dockle reports one finding per evidence item (one per ADD, per setuid file, …). */
function findings(input: ImageCheckInput, exclude: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [code, id] of Object.entries(BY_DOCKLE)) {
    if (exclude.has(code) || out.includes(code)) continue;
    const o: CheckOutcome = imageRules[id].evaluate(input);
    const codes = imageRules[id].references.filter((r) => r in BY_DOCKLE);
    if (o.status === "fail" && codes[0] === code) for (const _ of o.evidence) out.push(code);
  }
  return out.sort();
}

const expected = JSON.parse(readFileSync(sharedPath("fixtures/cis/dockle/expected.json"), "utf8")) as Record<string, unknown>;

/**
 * Named exceptions, each a documented Dockle behaviour that claro changes on purpose:
 * - DKL-DI-0004 / DKL-DI-0005: Dockle reads RUN text; claro's package-cache looks at the cache
 *   files left in the merged filesystem (catalogue: DKL-DI-0005 false positive #151). These
 *   fixtures are configs without a filesystem, so claro skips the rule instead of guessing.
 */
const HISTORY_CACHE_EXCEPTION = new Set(["DKL-DI-0004", "DKL-DI-0005"]);

for (const name of ["root_default", "apk_cache", "apt_update_upgrade", "add_with_arg_statement", "multi_add"]) {
  test(`dockle image-config/${name}.json: same findings as Dockle`, () => {
    const file = `image-config/${name}.json`;
    const config = toImageConfig(readFileSync(sharedPath("fixtures/cis/dockle", file)), file);
    const input: ImageCheckInput = { ref: file, tag: null, config, tree: memoryTree({}) };
    const want = (expected[file] as string[]).filter((c) => !HISTORY_CACHE_EXCEPTION.has(c)).sort();
    assert.deepEqual(findings(input, HISTORY_CACHE_EXCEPTION), want);
    assert.equal(imageRules["package-cache"].evaluate(input).status, "skip");
  });
}

test("dockle image-tar/scratch.tar: same findings, except the credentials.json name match", async () => {
  const source = createDockerArchiveSource(sharedPath("fixtures/cis/dockle/image-tar/scratch.tar"));
  const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
  const tree = await buildLayeredTree(source, image, { wants: [...imageCheckWants], maxFileSize: 64 << 20 });
  const input: ImageCheckInput = { ref: image.ref, tag: null, config: image.config, tree };
  // Exception: Dockle flags CIS-DI-0010 for a file *named* credentials.json (catalogue: #159,
  // "breaking hundreds of CI pipelines"). claro reads its content (here a Dockerfile) and finds no secret.
  // CIS-DI-0005 (content trust) is a property of the host running Dockle; claro reports 4.5 as manual.
  assert.deepEqual(findings(input, new Set()), ["CIS-DI-0006"]);
  assert.ok(tree.read("credentials.json") !== undefined, "credentials.json was buffered and read");
  assert.equal(imageRules.secrets.evaluate(input).status, "pass");
  assert.equal(imageRules["content-trust"].evaluate(input).status, "manual");
  assert.equal(imageRules["copy-not-add"].evaluate(input).status, "pass");
  for (const id of ["empty-password", "unique-uid-gid"] as const) assert.equal(imageRules[id].evaluate(input).status, "skip", id);
  await source.close();
});
