import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { describe, it } from "node:test";
import tarStream from "tar-stream";
import { sharedPath } from "../../test/support/shared.js";
import { tarMembers } from "../formats/tar-members.js";
import { decompressStream, detectCompression } from "./compression.js";
import { TarPushParser } from "./tar-push.js";

// Side by side with tar-stream (which the layer walk used before): the same entries, the same
// body bytes and the same error for every layer of the shared images and for tricky tars.

interface Seen {
  readonly entries: string[];
  readonly error: string | null;
}

function describeEntry(
  h: {
    name: string;
    type: string | null;
    size?: number | null;
    linkname?: string | null;
    mode?: number | null;
    uid?: number | null;
    gid?: number | null;
    byteOffset?: number;
  },
  sha: string,
): string {
  return JSON.stringify([h.name, h.type, h.size, h.linkname ?? null, h.mode ?? 0, h.uid ?? 0, h.gid ?? 0, h.byteOffset, sha]);
}

function* chunks(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function viaTarStream(tar: Buffer): Promise<Seen> {
  const entries: string[] = [];
  const extract = tarStream.extract();
  extract.on("entry", (header, body, next) => {
    const hash = createHash("sha256");
    body.on("error", () => {});
    body.on("data", (c: unknown) => hash.update(c as Buffer));
    body.on("end", () => {
      entries.push(describeEntry(header as typeof header & { byteOffset: number }, hash.digest("hex")));
      next();
    });
  });
  try {
    await pipeline(Readable.from(chunks(tar, 65536)), extract);
    return { entries, error: null };
  } catch (e) {
    return { entries, error: e instanceof Error ? e.message : String(e) };
  }
}

function viaPush(tar: Buffer, chunkSize: number): Seen {
  const entries: string[] = [];
  const parser = new TarPushParser((header) => {
    const hash = createHash("sha256");
    return { data: (c) => hash.update(c), end: () => entries.push(describeEntry(header, hash.digest("hex"))) };
  });
  try {
    for (const c of chunks(tar, chunkSize)) parser.push(c);
    parser.end();
    return { entries, error: null };
  } catch (e) {
    return { entries, error: e instanceof Error ? e.message : String(e) };
  }
}

async function same(tar: Buffer, label: string, chunkSizes: readonly number[]): Promise<Seen> {
  const want = await viaTarStream(tar);
  for (const size of chunkSizes) assert.deepEqual(viaPush(tar, size), want, `${label}, chunks of ${size}`);
  return want;
}

async function inflate(blob: Buffer): Promise<Buffer | null> {
  const kind = detectCompression(blob);
  if (kind === "none") return blob.length >= 512 && blob.toString("latin1", 257, 262) === "ustar" ? blob : null;
  const parts: Buffer[] = [];
  await pipeline(Readable.from([blob]), decompressStream(kind), new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }));
  return Buffer.concat(parts);
}

describe("the tar push parser reads every shared image layer as tar-stream does", () => {
  for (const file of ["debian-bookworm.oci.tar", "alpine-3.20.3.oci.tar", "alpine-3.9.6.docker.tar", "busybox-multiarch.oci.tar"]) {
    it(file, async () => {
      let layers = 0;
      let entries = 0;
      for (const m of tarMembers([readFileSync(sharedPath("images", file))], file)) {
        if (!m.path.startsWith("blobs/") && !m.path.endsWith(".tar")) continue;
        const tar = await inflate(m.data);
        if (tar === null) continue;
        const seen = await same(tar, `${file} ${m.path}`, [65536, 4099]);
        assert.equal(seen.error, null, m.path);
        layers++;
        entries += seen.entries.length;
      }
      assert.ok(layers > 0 && entries > layers, `${file}: ${layers} layers, ${entries} entries`);
    });
  }
});

interface H {
  name: string;
  type?: string;
  size?: number;
  body?: Buffer | string;
  link?: string;
  mode?: number;
  magic?: "ustar" | "gnu" | "none";
  prefix?: string;
  base256?: boolean;
  badSum?: boolean;
  /** Raw bytes for the mode field (8 bytes, NUL-padded). */
  modeField?: string;
}

function header(h: H): Buffer {
  const b = Buffer.alloc(512);
  const body = typeof h.body === "string" ? Buffer.from(h.body) : (h.body ?? Buffer.alloc(0));
  const size = h.size ?? body.length;
  b.write(h.name, 0, 100, "utf8");
  if (h.modeField !== undefined) b.write(h.modeField, 100, 8, "latin1");
  else b.write(`${(h.mode ?? 0o644).toString(8).padStart(7, "0")}\0`, 100, "latin1");
  b.write("0001750\0", 108, "latin1");
  b.write("0001750\0", 116, "latin1");
  if (h.base256) {
    b[124] = 0x80;
    b.writeUIntBE(size, 124 + 6, 6);
  } else b.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "latin1");
  b.write("14712345670\0", 136, "latin1");
  b.write(h.type ?? "0", 156, "latin1");
  if (h.link) b.write(h.link, 157, 100, "utf8");
  if (h.magic !== "none") b.write(h.magic === "gnu" ? "ustar  \0" : "ustar\x0000", 257, "latin1");
  if (h.prefix) b.write(h.prefix, 345, 155, "utf8");
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${(h.badSum ? sum + 1 : sum).toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return b;
}

function member(h: H): Buffer {
  const body = typeof h.body === "string" ? Buffer.from(h.body) : (h.body ?? Buffer.alloc(0));
  return Buffer.concat([header(h), body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

function pax(records: Record<string, string>, type = "x"): Buffer {
  let text = "";
  for (const [k, v] of Object.entries(records)) {
    const rec = ` ${k}=${v}\n`;
    let len = rec.length + 1;
    while (String(len).length + rec.length > len) len++;
    text += `${len}${rec}`;
  }
  return member({ name: "PaxHeader", type, body: text });
}

const END = Buffer.alloc(1024);
const long = `very/${"long-directory-name/".repeat(8)}file.txt`;
const plain = Buffer.concat([
  member({ name: "etc/", type: "5", mode: 0o755 }),
  member({ name: "etc/os-release", body: "ID=debian\n" }),
  member({ name: "etc/empty", body: "" }),
  member({ name: "etc/link", type: "2", link: "os-release" }),
  member({ name: "etc/hard", type: "1", link: "etc/os-release" }),
  member({ name: "etc/.wh.gone", body: "" }),
  member({ name: "usr/.wh..wh..opq", body: "" }),
  member({ name: "old-style-dir/", type: "0" }),
  member({ name: "fifo", type: "6" }),
  member({ name: "big-block", body: Buffer.alloc(1536, 7) }),
]);

const cases: Record<string, Buffer> = {
  "plain entries, whiteouts and an opaque dir": Buffer.concat([plain, END]),
  "pax path, linkpath and size overrides": Buffer.concat([
    pax({ path: long, mtime: "1.5" }),
    member({ name: "short", body: "x".repeat(700) }),
    pax({ linkpath: `${long}.target` }),
    member({ name: "sym", type: "2", link: "short" }),
    pax({ size: "5" }),
    header({ name: "sized", size: 0 }),
    Buffer.from("hello"),
    Buffer.alloc(507),
    END,
  ]),
  "pax global header merged into the next local one": Buffer.concat([
    pax({ path: "global/name" }, "g"),
    pax({ mtime: "3" }),
    member({ name: "local", body: "a" }),
    member({ name: "after", body: "b" }),
    END,
  ]),
  "a zero-size pax header": Buffer.concat([member({ name: "PaxHeader", type: "x", body: "" }), member({ name: "next", body: "abc" }), END]),
  "GNU long name and long link": Buffer.concat([
    member({ name: "././@LongLink", type: "L", body: `${long}\0`, magic: "gnu" }),
    member({ name: "trunc", body: "long", magic: "gnu" }),
    member({ name: "././@LongLink", type: "K", body: `${long}.link\0`, magic: "gnu" }),
    member({ name: "l", type: "1", link: "x", magic: "gnu" }),
    END,
  ]),
  "ustar prefix": Buffer.concat([member({ name: "name", prefix: "some/prefix", body: "p" }), END]),
  "sparse and unknown typeflags": Buffer.concat([
    member({ name: "sparse", type: "S", body: "s".repeat(600), magic: "gnu" }),
    member({ name: "odd", type: "Z", body: "z" }),
    END,
  ]),
  "octal fields as parseInt reads them": Buffer.concat(
    ["\t0755", "+644", "-17", "\x00\x000644", "0789", "9", "12 34", "  7", "7\x00junk", "\xa0755", " \xc2\xa0755", "\x00\xa0755"].map((modeField, n) =>
      member({ name: `mode-${n}`, body: "m", modeField }),
    ),
  ),
  "base-256 size": Buffer.concat([member({ name: "b256", body: "x".repeat(1000), base256: true }), END]),
  "trailing garbage shorter than a block": Buffer.concat([plain, END, Buffer.from("garbage")]),
  "trailing garbage longer than a block": Buffer.concat([plain, END, Buffer.alloc(700, 0x41)]),
  "trailing zeros": Buffer.concat([plain, END, Buffer.alloc(9000)]),
  "no end blocks": plain,
  "cut in the last body's padding": plain.subarray(0, plain.length - 100),
  "cut inside a body": plain.subarray(0, plain.length - 1000),
  "cut inside a header": plain.subarray(0, plain.length - 1536 - 300),
  "cut inside a pax header": pax({ path: "x".repeat(2000) }).subarray(0, 1500),
  "bad checksum": Buffer.concat([member({ name: "a", body: "a" }), member({ name: "b", body: "b", badSum: true }), END]),
  "no ustar or GNU magic": Buffer.concat([member({ name: "v7", body: "v", magic: "none" }), END]),
  "pax size that is not a number": Buffer.concat([pax({ size: "abc" }), member({ name: "nan", body: "" }), END]),
  "long header over 4 MiB": Buffer.concat([header({ name: "PaxHeader", type: "x", size: 5 * 1024 * 1024 }), END]),
  "text, not a tar": Buffer.from("<html><body>502 Bad Gateway</body></html>\n"),
  "text over a block, not a tar": Buffer.from("not a tar\n".repeat(100)),
  "empty input": Buffer.alloc(0),
};

describe("the tar push parser reads tricky tars as tar-stream does", () => {
  for (const [label, tar] of Object.entries(cases)) {
    it(label, async () => {
      const seen = await same(tar, label, [1, 7, 511, 512, 513, 65536]);
      assert.ok(seen.entries.length > 0 || seen.error !== null || tar.length === 0, `${label}: nothing seen`);
    });
  }

  it("hands out a skipped body's bytes to nobody and counts them", () => {
    const names: string[] = [];
    const parser = new TarPushParser((h) => ({ end: () => names.push(h.name) }));
    parser.push(Buffer.concat([member({ name: "zeros", body: Buffer.alloc(3 * 1024 * 1024) }), member({ name: "after", body: "a" }), END]));
    parser.end();
    assert.deepEqual(names, ["zeros", "after"]);
  });
});
