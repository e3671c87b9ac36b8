import assert from "node:assert/strict";
import { test } from "node:test";
import tarStream from "tar-stream";
import { compress } from "zstd-napi";
import { isFatalError } from "../core/problem.js";
import { tarMembers } from "./tar-members.js";
import { zstdSlices } from "./zstd-slices.js";

function* slicesOf(body: Buffer, size: number): Generator<Uint8Array> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

async function tar(entries: readonly { name: string; data: Buffer; type?: "file" | "directory" }[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: unknown) => {
    if (Buffer.isBuffer(c)) chunks.push(c);
  });
  const ended = new Promise<void>((resolve) => pack.on("end", () => resolve()));
  for (const e of entries) {
    if (e.type === "directory") pack.entry({ name: e.name, type: "directory" });
    else pack.entry({ name: e.name }, e.data);
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

const invalid = (re: RegExp) => (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID" && re.test(e.message);

// Two frames back to back (as `zstd` writes a file appended to), 3 MB inflated: several output steps each.
const plain = Buffer.from(Array.from({ length: 60_000 }, (_, i) => `line ${i} ${"x".repeat(i % 80)}\n`).join(""));
const twoFrames = Buffer.concat([compress(plain.subarray(0, 1_000_000)), compress(plain.subarray(1_000_000))]);

for (const backend of ["zstd-napi", "fzstd"] as const) {
  test(`${backend}: zstd slices inflate to the same bytes wherever the input breaks; cut or foreign input is FEED_INVALID`, () => {
    for (const size of [13, 65_536, twoFrames.length])
      assert.ok(Buffer.concat([...zstdSlices(slicesOf(twoFrames, size), "t", backend)]).equals(plain), `slices of ${size}`);
    assert.throws(() => [...zstdSlices([twoFrames.subarray(0, twoFrames.length - 5)], "cut.zst", backend)], invalid(/cut\.zst/));
    assert.throws(() => [...zstdSlices([Buffer.from("plain text, not zstd")], "t", backend)], invalid(/zstd/));
    assert.throws(() => [...zstdSlices([], "t", backend)], invalid(/empty/));
  });
}

test("tar members: regular files only, long names (ustar prefix, pax), directories skipped", async () => {
  const long = `${"d".repeat(90)}/${"e".repeat(90)}/${"f".repeat(120)}.json`;
  const body = await tar([
    { name: "2024", data: Buffer.alloc(0), type: "directory" },
    { name: "2024/cve-2024-0001.json", data: Buffer.from('{"a":1}') },
    { name: `${"p".repeat(120)}/cve-2024-0002.json`, data: Buffer.from("x".repeat(1500)) },
    { name: long, data: Buffer.alloc(0) },
  ]);
  for (const size of [1, 511, 4096, body.length]) {
    const got = [...tarMembers(slicesOf(body, size), "t")].map((m) => [m.path, m.data.length]);
    assert.deepEqual(
      got,
      [
        ["2024/cve-2024-0001.json", 7],
        [`${"p".repeat(120)}/cve-2024-0002.json`, 1500],
        [long, 0],
      ],
      `slices of ${size}`,
    );
  }
  assert.throws(() => [...tarMembers([body.subarray(0, 1200)], "cut.tar")], invalid(/cut short/));
  assert.throws(() => [...tarMembers([body.subarray(0, body.length - 1024 - 512)], "cut.tar")], invalid(/end-of-archive/));
  assert.throws(() => [...tarMembers([Buffer.alloc(512, 0x41)], "junk.tar")], invalid(/checksum/));
});
