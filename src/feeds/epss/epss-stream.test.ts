import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { isFatalError } from "../../core/problem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseEpssCsv } from "./epss-csv.js";
import { parseEpssChunks } from "./epss-stream.js";

const csv = readFileSync(sharedPath("fixtures", "vulndata", "epss", "data.csv"));
const pieces = (b: Buffer, size: number): Buffer[] => Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size));
const all = (o: { records: Iterable<unknown>; problems: unknown[] }): unknown => ({ records: [...o.records], problems: o.problems });

test("the streamed EPSS parse gives what the whole-body parse gives, in any chunking, plain, gzipped or CRLF", () => {
  const want = all(parseEpssCsv(csv));
  for (const body of [csv, gzipSync(csv)]) {
    for (const size of [1, 7, 4096, 1 << 20])
      assert.deepEqual(all(parseEpssChunks(pieces(body, size), "epss")), want, `${body === csv ? "plain" : "gzip"}, ${size}-byte chunks`);
  }
  const crlf = Buffer.from(csv.toString("utf8").replaceAll("\n", "\r\n"));
  assert.deepEqual(all(parseEpssChunks(pieces(crlf, 13), "epss")), all(parseEpssCsv(crlf)));
  // A bad row is a problem with its line number, as in the whole-body parse.
  const bad = Buffer.from(`${csv.toString("utf8")}not-a-cve,0.1,0.2\n`);
  assert.deepEqual(all(parseEpssChunks([bad], "epss")), all(parseEpssCsv(bad)));
});

test("a cut EPSS file or gzip stream, or one without its header, throws FEED_INVALID as its rows are read", () => {
  const feedInvalid = (body: Buffer): boolean => {
    try {
      for (const _ of parseEpssChunks(pieces(body, 100), "epss").records);
      return false;
    } catch (e) {
      return isFatalError(e) && e.code === "FEED_INVALID";
    }
  };
  // Cut mid-number: the last row has fewer decimals than the one before it.
  assert.ok(feedInvalid(csv.subarray(0, csv.length - 3)));
  assert.ok(feedInvalid(gzipSync(csv).subarray(0, 200)));
  assert.ok(feedInvalid(Buffer.from("cve,score\nCVE-2024-0001,0.1\n")));
  assert.ok(!feedInvalid(csv));
});
