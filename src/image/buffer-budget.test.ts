import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ContentProbe } from "../contracts/scanner.js";
import { BufferBudget } from "./buffer-budget.js";
import { buildLayeredTree } from "./build-tree.js";
import { createOciLayoutSource } from "./oci-layout.js";
import { makeTar, writeOciLayout, type TarItem } from "./testdata/synthetic.js";

const amd64 = { platform: { os: "linux", architecture: "amd64" } } as const;

async function treeOf(
  layers: readonly (readonly TarItem[])[],
  options: { wants: readonly string[]; maxBufferedBytes: number; probes?: readonly ContentProbe[] },
) {
  const dir = await writeOciLayout(await Promise.all(layers.map(async (items) => ({ tar: await makeTar(items) }))));
  const source = createOciLayoutSource(dir, "test");
  const image = await source.resolve(amd64);
  return buildLayeredTree(source, image, { maxFileSize: 1 << 20, ...options });
}

const bytes = (n: number, c: string): string => c.repeat(n);

describe("BufferBudget", () => {
  it("refuses what does not fit, once per path, and gives back what is released", () => {
    const b = new BufferBudget(100);
    assert.equal(b.tryReserve("a", 60), true);
    assert.equal(b.tryReserve("b", 60), false);
    assert.equal(b.tryReserve("b", 60), false);
    b.release(60);
    assert.equal(b.tryReserve("c", 100), true);
    assert.deepEqual(b.problems(), [{ kind: "skipped", path: "b", size: 60, reason: "budget", limit: 100 }]);
  });
});

describe("the tree builder under a budget", () => {
  it("skips a wanted file past the budget, keeps its metadata, and names it in the tree's problems", async () => {
    const tree = await treeOf(
      [
        [
          { name: "a/status", content: bytes(60, "a") },
          { name: "b/status", content: bytes(60, "b") },
        ],
      ],
      { wants: ["*/status"], maxBufferedBytes: 100 },
    );
    assert.equal(tree.read("a/status")?.toString(), bytes(60, "a"));
    assert.equal(tree.read("b/status"), undefined);
    assert.equal(tree.stat("b/status")?.size, 60);
    assert.deepEqual(tree.problems, [{ kind: "skipped", path: "b/status", size: 60, reason: "budget", limit: 100 }]);
  });

  it("lets an earlier layer's copy go to keep the newest one, and says attribution may suffer", async () => {
    const tree = await treeOf([[{ name: "var/db", content: bytes(60, "1") }], [{ name: "var/db", content: bytes(70, "2") }]], {
      wants: ["var/db"],
      maxBufferedBytes: 100,
    });
    assert.equal(tree.read("var/db")?.toString(), bytes(70, "2"));
    assert.equal(tree.at(0).read("var/db"), undefined);
    assert.deepEqual(tree.problems, [{ kind: "skipped", path: "var/db", size: 60, reason: "history", limit: 100 }]);
  });

  it("keeps the older copy when letting it go would not make room anyway", async () => {
    const tree = await treeOf(
      [
        [
          { name: "var/db", content: bytes(60, "1") },
          { name: "other", content: bytes(30, "o") },
        ],
        [{ name: "var/db", content: bytes(80, "2") }],
      ],
      { wants: ["var/db", "other"], maxBufferedBytes: 100 },
    );
    // 60 + 30 held; the 80-byte copy needs 70 more, of which only the 60 of var/db could go, and other is live.
    assert.equal(tree.at(0).read("var/db")?.toString(), bytes(60, "1"));
    assert.equal(tree.read("var/db"), undefined);
    assert.deepEqual(
      tree.problems?.map((p) => p.kind),
      ["skipped"],
    );
  });

  it("charges a probed file only while its probes run, and tells the probe what is left", async () => {
    const room: number[] = [];
    const probe: ContentProbe = { id: "p", maxBytes: 1000, match: (e) => e.path.endsWith(".bin"), run: (c, _p, extra) => (room.push(extra ?? -1), c.length) };
    const tree = await treeOf(
      [
        [
          { name: "x.bin", content: bytes(80, "x") },
          { name: "y.bin", content: bytes(80, "y") },
          { name: "w", content: bytes(90, "w") },
          { name: "z.bin", content: bytes(20, "z") },
        ],
      ],
      { wants: ["w"], maxBufferedBytes: 100, probes: [probe] },
    );
    assert.deepEqual(room, [20, 20]);
    assert.equal(tree.stat("y.bin")?.probes?.["p"], 80);
    assert.equal(tree.read("w")?.length, 90);
    // With w held, the 20-byte z.bin no longer fits: not probed, and reported.
    assert.equal(tree.stat("z.bin")?.probes, undefined);
    assert.deepEqual(
      tree.problems?.map((p) => ("path" in p ? p.path : null)),
      ["z.bin"],
    );
  });
});
