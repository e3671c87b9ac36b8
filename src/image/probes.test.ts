import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { ContentProbe } from "../contracts/scanner.js";
import { sharedPath } from "../../test/support/shared.js";
import { buildLayeredTree } from "./build-tree.js";
import { createOciArchiveSource } from "./index.js";

const archive = sharedPath("images", "debian-bookworm.oci.tar");

test("content probes: matched files are read whole, only results are kept, on the entry and in at(i)", async () => {
  const source = createOciArchiveSource(archive, "bookworm-multilayer");
  try {
    const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
    const seen: { path: string; size: number; got: number }[] = [];
    const elfProbe: ContentProbe = {
      id: "elf-class",
      maxBytes: 4 * 1024 * 1024,
      match: (e) => (e.mode & 0o111) !== 0 && e.path.startsWith("usr/bin/"),
      run(content, path) {
        seen.push({ path, size: content.length, got: content.length });
        // Results only for ELF files; `undefined` leaves no trace on the entry.
        return content.subarray(0, 4).toString("latin1") === "\x7fELF" ? { class: content[4] === 2 ? 64 : 32 } : undefined;
      },
    };
    const throwing: ContentProbe = {
      id: "broken",
      maxBytes: 1 << 20,
      match: (e) => e.path === "usr/bin/fzf" || e.path === "usr/bin/ls",
      run: () => {
        throw new Error("bug");
      },
    };
    const tree = await buildLayeredTree(source, image, { wants: ["etc/os-release", "usr/lib/os-release"], maxFileSize: 1 << 26, probes: [elfProbe, throwing] });

    const ls = tree.stat("usr/bin/ls");
    assert.deepEqual(ls?.probes, { "elf-class": { class: 64 } });
    assert.equal(tree.read("usr/bin/ls"), undefined, "probed bytes are not kept");
    assert.ok(tree.read("etc/os-release"), "wants still buffered");
    // Every probed file arrived whole, and nothing bigger than the cap was read.
    assert.ok(seen.length > 50);
    for (const s of seen) {
      assert.ok(s.size <= elfProbe.maxBytes);
      const entry = tree.stat(s.path) ?? [...Array(tree.layerCount).keys()].map((i) => tree.at(i).stat(s.path)).find((e) => e !== undefined);
      if (entry && entry.type === "file") assert.ok(entry.size <= elfProbe.maxBytes);
    }
    // fzf (3+ MB) is added in layer 1: absent before, probed after; the broken probe left nothing.
    assert.equal(tree.at(0).stat("usr/bin/fzf"), undefined);
    assert.deepEqual(tree.at(1).stat("usr/bin/fzf")?.probes, { "elf-class": { class: 64 } });
    assert.ok(tree.changedIn(1).includes("usr/bin/fzf"), "probed paths count as changes for layer attribution");
    assert.equal(tree.stat("usr/bin/env")?.probes?.["broken"], undefined);
    // A shell script in usr/bin is read but gets no result.
    const scripts = seen.filter((s) => tree.stat(s.path)?.probes === undefined);
    assert.ok(scripts.length > 0);
  } finally {
    await source.close();
  }
});

test("no probes: entries carry no probes field (the tree is as before)", async () => {
  const source = createOciArchiveSource(archive, "bookworm-minbase");
  try {
    const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
    const tree = await buildLayeredTree(source, image, { wants: [], maxFileSize: 1 << 26 });
    assert.ok([...tree.entries()].every((e) => !("probes" in e)));
  } finally {
    await source.close();
  }
});

test("probe-only files share one reused buffer, yet every probe sees exactly its own file's bytes (GNU tar is the oracle)", async () => {
  // Every executable of minbase's one layer, small and large, in tar order: the walk's buffer
  // grows and is overwritten between them, so a stale byte or a wrong length would change a hash.
  const layer = "0757dcb6af1ab260b74b72a02f25c15916a4d904725b873cfd35420d788b4519";
  const dir = mkdtempSync(join(tmpdir(), "claro-probe-oracle-"));
  const source = createOciArchiveSource(archive, "bookworm-minbase");
  try {
    const blob = execFileSync("tar", ["-xOf", archive, `blobs/sha256/${layer}`], { maxBuffer: 128 << 20 });
    execFileSync("tar", ["-xzf", "-", "-C", dir, "--no-same-owner", "usr/bin", "usr/sbin"], { input: blob });
    const hashProbe: ContentProbe = {
      id: "sha256",
      maxBytes: 64 << 20,
      match: (e) => (e.mode & 0o111) !== 0 && (e.path.startsWith("usr/bin/") || e.path.startsWith("usr/sbin/")),
      run: (content) => ({ sha256: createHash("sha256").update(content).digest("hex"), size: content.length }),
    };
    const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
    const tree = await buildLayeredTree(source, image, { wants: [], maxFileSize: 1 << 26, probes: [hashProbe] });
    let checked = 0;
    for (const e of tree.entries()) {
      const got = e.probes?.["sha256"] as { sha256: string; size: number } | undefined;
      if (got === undefined) continue;
      const want = readFileSync(join(dir, e.path));
      assert.deepEqual(got, { sha256: createHash("sha256").update(want).digest("hex"), size: want.length }, e.path);
      checked++;
    }
    assert.ok(checked > 200, `only ${checked} executables probed`);
  } finally {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
