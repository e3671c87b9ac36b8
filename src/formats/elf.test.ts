import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sharedPath } from "../../test/support/shared.js";
import { elfLoadSegments, elfSection, elfSectionHeader, elfSections } from "./elf.js";

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

// readelf (binutils) as the oracle, on the shared fixtures: a Rust PIE and two static Go binaries.
const readelf = spawnSync("readelf", ["--version"]).status === 0;
const oracleFiles = [
  sharedPath("fixtures/pkgdb/cargo/trivy/auditable-test.elf"),
  sharedPath("fixtures/pkgdb/gobinary/trivy/test.elf"),
  sharedPath("fixtures/pkgdb/gobinary/trivy/main-version-via-ldflags.elf"),
];

function readelfLines(file: string, flag: string): string[] {
  return execFileSync("readelf", ["-W", flag, file], { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } }).split("\n");
}

test(
  "sections and load segments agree with readelf, and every section is found by its name",
  { skip: readelf ? false : "readelf (binutils) is not installed" },
  () => {
    for (const file of oracleFiles) {
      const b = readFileSync(file);
      const want = readelfLines(file, "-S")
        .map((l) => /^\s*\[\s*\d+\]\s+(\S*)\s+(\S+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)\s/.exec(l))
        .filter((m) => m !== null)
        // Section 0 has no name, which readelf prints as nothing and the regex as the type column.
        .map((m) =>
          m[2] === "NULL" || m[1] === "NULL"
            ? { name: "", offset: 0, size: 0 }
            : { name: m[1]!, offset: Number.parseInt(m[3]!, 16), size: Number.parseInt(m[4]!, 16) },
        );
      const got = elfSections(b).map((s) => ({ name: s.name, offset: s.offset, size: s.size }));
      assert.deepEqual(got.slice(1), want.slice(1), file);
      for (const s of want.slice(1)) {
        const first = want.find((w) => w.name === s.name)!;
        const h = elfSectionHeader(b, s.name);
        assert.deepEqual(h && { offset: h.offset, size: h.size }, { offset: first.offset, size: first.size }, `${file}: ${s.name}`);
      }
      assert.equal(elfSectionHeader(b, ".no-such-section"), undefined);
      const loads = readelfLines(file, "-l")
        .map((l) => /^\s*LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+([RWE ]+?)\s+0x/.exec(l))
        .filter((m) => m !== null)
        .map((m) => ({
          offset: Number.parseInt(m[1]!, 16),
          vaddr: Number.parseInt(m[2]!, 16),
          filesz: Number.parseInt(m[3]!, 16),
          flags: (m[4]!.includes("R") ? 4 : 0) | (m[4]!.includes("W") ? 2 : 0) | (m[4]!.includes("E") ? 1 : 0),
        }));
      assert.ok(loads.length > 0, file);
      assert.deepEqual(elfLoadSegments(b), loads, file);
    }
  },
);

test("a section name is matched whole: a longer name that ends with it, or its prefix, is another section", () => {
  const b = Buffer.from(readFileSync(sharedPath("fixtures/pkgdb/cargo/trivy/auditable-test.elf")));
  const dep = elfSectionHeader(b, ".dep-v0")!;
  assert.ok(dep !== undefined);
  assert.equal(elfSectionHeader(b, "dep-v0"), undefined);
  assert.equal(elfSectionHeader(b, ".dep-v"), undefined);
  // `dep-v0` is spelled inside `.dep-v0`, but no section's name starts there. Changing one byte of
  // the name in the name table renames the section: it answers to the new name only.
  const strtab = elfSections(b).find((s) => s.name === ".shstrtab")!;
  const at = b.indexOf(".dep-v0\0", strtab.offset, "latin1");
  b[at + 1] = "D".charCodeAt(0);
  assert.equal(elfSectionHeader(b, ".dep-v0"), undefined);
  assert.equal(elfSectionHeader(b, ".Dep-v0")?.offset, dep.offset);
});
