import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sharedPath } from "../../test/support/shared.js";
import { elfSection, elfSections } from "./elf.js";

test("section table of a real ELF64 binary: named sections resolve to their bytes", () => {
  const b = readFileSync(sharedPath("fixtures/pkgdb/cargo/trivy/auditable-test.elf"));
  const names = elfSections(b).map((s) => s.name);
  assert.ok(names.includes(".text") && names.includes(".dep-v0") && names.includes(".shstrtab"));
  const dep = elfSection(b, ".dep-v0");
  // zlib stream header (CMF 0x78), as cargo-auditable writes it.
  assert.equal(dep?.[0], 0x78);
  const go = readFileSync(sharedPath("fixtures/pkgdb/gobinary/trivy/test.elf"));
  assert.ok(elfSection(go, ".go.buildinfo")?.subarray(0, 14).toString("latin1").endsWith("Go buildinf:"));
});

test("non-ELF, truncated and empty inputs have no sections and never throw", () => {
  const b = readFileSync(sharedPath("fixtures/pkgdb/cargo/trivy/auditable-test.elf"));
  assert.deepEqual(elfSections(Buffer.from("not an elf at all".repeat(10))), []);
  assert.deepEqual(elfSections(b.subarray(0, 64)), []);
  assert.equal(elfSection(b.subarray(0, b.length - 4096), ".dep-v0"), undefined);
  assert.deepEqual(elfSections(Buffer.alloc(0)), []);
});
