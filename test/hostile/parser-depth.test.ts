import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { test } from "node:test";
import { parseCargoLock } from "../../src/ecosystems/cargo/cargo-lock.js";
import { parsePackageLock } from "../../src/ecosystems/npm/package-lock.js";
import { dpkgPackageScanner } from "../../src/formats/dpkg/scanner.js";
import { makeTar, writeOciLayout } from "../../src/image/testdata/synthetic.js";
import { memoryTree } from "../support/memory-tree.js";
import { claroLimited } from "./limits.js";

// Issue 9 §10: three inputs that printed "internal error" with a stack trace. None was deep
// recursion in the parser proper: 150,000+ dpkg stanzas overflowed `push(...spread)` (V8 passes a
// spread's elements on the stack: about 125,000 fit), a v1 lockfile nested 20,000 deep overflowed
// a recursive walk, and a 60 MiB escaped TOML string overflowed a backtracking regexp. Each now
// parses, and the scan goes on.

const STANZAS = 150_000;
const DEPTH = 20_000;

function dpkgStatus(n: number, field: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`Package: p${i}\nStatus: install ok installed\n${field(i)}\n\n`);
  return parts.join("");
}

/** A lockfile v1 whose `dependencies` nest `depth` levels: d<depth-1> outermost, d0 innermost. */
function deepLock(depth: number): string {
  let deps = "{}";
  for (let i = 0; i < depth; i++) deps = `{"d${i}":{"version":"1.0.${i}","dependencies":${deps}}}`;
  return `{"name":"app","version":"1.0.0","lockfileVersion":1,"requires":true,"dependencies":${deps}}`;
}

/** A Cargo.lock whose first package carries a 60 MiB checksum made of escapes. */
function hugeCargoLock(): string {
  const checksum = '\\"a'.repeat(20 * 1024 * 1024);
  const registry = 'source = "registry+https://github.com/rust-lang/crates.io-index"';
  return `version = 3\n\n[[package]]\nname = "big"\nversion = "1.0.0"\n${registry}\nchecksum = "${checksum}"\n\n[[package]]\nname = "after"\nversion = "2.0.0"\n${registry}\n`;
}

test("dpkg: 150,000 malformed stanzas are 150,000 problems, not a stack overflow", () => {
  const tree = memoryTree({ "var/lib/dpkg/status": dpkgStatus(STANZAS, (i) => `Version: 1.0-${i}\n this continuation is fine\nnot a field ${i}`) });
  const r = dpkgPackageScanner.scan(tree, { distribution: null });
  assert.equal(r.found.length, 0);
  assert.equal(r.problems.length, STANZAS);
});

test("npm: a lockfile v1 nested 20,000 deep lists every level, outermost first", () => {
  const r = parsePackageLock(deepLock(DEPTH));
  assert.deepEqual(r.errors, []);
  assert.equal(r.entries.length, DEPTH);
  assert.deepEqual(r.entries[0], { name: `d${DEPTH - 1}`, version: `1.0.${DEPTH - 1}`, dev: false });
  assert.deepEqual(r.entries.at(-1), { name: "d0", version: "1.0.0", dev: false });
});

test("cargo: a 60 MiB escaped string is read past, and the packages around it are listed", () => {
  const r = parseCargoLock(hugeCargoLock());
  assert.deepEqual(r.errors, []);
  assert.deepEqual(
    r.packages.map((p) => [p.name, p.version]),
    [
      ["big", "1.0.0"],
      ["after", "2.0.0"],
    ],
  );
});

test("the CLI scans an image holding all three: exit 0, every package listed, no internal error", async () => {
  const tar = await makeTar([
    { name: "etc/os-release", content: 'ID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n' },
    { name: "var/lib/dpkg/status", content: dpkgStatus(STANZAS, (i) => `Version: 1.0-${i}\nArchitecture: amd64`) },
    { name: "app/package-lock.json", content: deepLock(DEPTH) },
    { name: "app/Cargo.lock", content: hugeCargoLock() },
  ]);
  const image = await writeOciLayout([{ tar }], "claro-hostile-depth-");
  process.on("exit", () => rmSync(image, { recursive: true, force: true }));
  // Bounded, not fast: where the machine is idle this takes about 15 s and 700 MB.
  const run = await claroLimited(["sbom", "--format", "json", `oci:${image}:test`], { timeoutMs: 240_000, maxRssMb: 2048 });
  assert.equal(run.killed, null, `killed for ${run.killed} (peak RSS ${run.peakRssMb.toFixed(0)} MB)`);
  assert.equal(run.code, 0, run.stderr.slice(0, 2000));
  assert.doesNotMatch(run.stderr, /internal error/);
  const sbom = JSON.parse(run.stdout) as { packages: { type: string; name: string }[] };
  const count = (type: string): number => sbom.packages.filter((p) => p.type === type).length;
  assert.equal(count("deb"), STANZAS);
  assert.equal(count("npm"), DEPTH);
  assert.deepEqual(
    sbom.packages
      .filter((p) => p.type === "cargo")
      .map((p) => p.name)
      .sort(),
    ["after", "big"],
  );
});
