import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { FatalError } from "../core/problem.js";
import type { AdvisoryStore } from "../contracts/store.js";
import { LATEST_SCHEMA_VERSION } from "../store/index.js";
import { makeRun, manyAdvisories } from "../store/testdata/advisories.js";
import { importBundle } from "./bundle-reader.js";
import { writeBundle } from "./bundle-writer.js";
import { Scratch, bundleLines, observe, packLines, updateDebian } from "./testdata/bundle-helpers.js";

const opts = { schemaVersion: LATEST_SCHEMA_VERSION };
const sha = (lines: readonly string[]): string =>
  createHash("sha256")
    .update(lines.map((l) => `${l}\n`).join(""))
    .digest("hex");

/** Edits the decompressed lines; `fixTrailer` recomputes the whole-content sha256, as a careful forger would. */
function edit(good: Buffer, change: (lines: string[]) => void, fixTrailer = false): Buffer {
  const lines = bundleLines(good);
  change(lines);
  if (fixTrailer) {
    const trailer = JSON.parse(lines.at(-1)!) as { records: number; sha256: string };
    lines[lines.length - 1] = JSON.stringify({ ...trailer, sha256: sha(lines.slice(0, -1)) });
  }
  return packLines(lines);
}

function header(lines: string[]): { updaters: { updater: string; recordCount: number; sha256: string; fingerprint: string | null }[] } {
  return JSON.parse(lines[0]!) as ReturnType<typeof header>;
}

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`a tampered bundle is refused and the ${backend} target is unchanged`, () => {
    const scratch = new Scratch();
    let good: Buffer;
    let target: AdvisoryStore;
    let before_: unknown;

    before(async () => {
      const source = await scratch.sqlite("source.sqlite");
      await updateDebian(source);
      await source.replaceAdvisories(
        makeRun("alpine", "fp-alpine", "changed", "2024-02-01T00:00:00.000Z"),
        manyAdvisories(50, { updater: "alpine", namespace: "alpine:3.9" }),
      );
      const file = scratch.path("good.gz");
      await writeBundle(source, file, opts);
      good = readFileSync(file);
      // A previously filled target, with data that differs from the bundle's in every updater.
      target = backend === "sqlite" ? await scratch.sqlite("target.sqlite") : await scratch.postgres();
      await target.replaceAdvisories(makeRun("debian", "older-debian", "changed", "2023-01-01T00:00:00.000Z"), manyAdvisories(20));
      await target.replaceAdvisories(makeRun("alpine", "older-alpine", "changed", "2023-01-01T00:00:00.000Z"), manyAdvisories(7, { updater: "alpine" }));
      before_ = await observe(target);
    });
    after(() => scratch.cleanup());

    const cases: { name: string; bytes: () => Buffer; message: RegExp }[] = [
      {
        name: "one byte flipped in the compressed data",
        bytes: () => {
          const b = Buffer.from(good);
          b[Math.floor(b.length / 2)]! ^= 0x01;
          return b;
        },
        message: /corrupt compressed data|not valid JSON|do not match|not in canonical form|truncated/,
      },
      {
        name: "one byte flipped in the gzip header's timestamp",
        bytes: () => {
          const b = Buffer.from(good);
          b[5]! ^= 0x01;
          return b;
        },
        message: /gzip header claro writes/,
      },
      {
        name: "one byte of a record changed, re-compressed so gzip is valid",
        bytes: () => edit(good, (l) => (l[3] = l[3]!.replace(/"fixedVersion":"(.)/, (_m, c: string) => `"fixedVersion":"${c === "9" ? "8" : "9"}`))),
        message: /the records of alpine do not match their sha256 in the header/,
      },
      {
        name: "truncated to half its size",
        bytes: () => good.subarray(0, Math.floor(good.length / 2)),
        message: /truncated/,
      },
      {
        name: "truncated by one byte",
        bytes: () => good.subarray(0, good.length - 1),
        message: /truncated|too short|extra bytes|corrupt/,
      },
      {
        name: "the last record line dropped, re-compressed",
        bytes: () => edit(good, (l) => l.splice(l.length - 2, 1)),
        message: /the header declares \d+ records for debian but the bundle holds \d+/,
      },
      {
        name: "a header count raised by one (trailer left alone)",
        bytes: () =>
          edit(good, (l) => {
            const h = header(l);
            h.updaters[0]!.recordCount += 1;
            l[0] = JSON.stringify(h);
          }),
        message: /the header declares \d+ records for \w+ but|belongs to/,
      },
      {
        name: "a header count lowered by one, trailer recomputed",
        bytes: () =>
          edit(
            good,
            (l) => {
              const h = header(l);
              h.updaters[0]!.recordCount -= 1;
              l[0] = JSON.stringify(h);
            },
            true,
          ),
        message: /do not match their sha256|belongs to/,
      },
      {
        name: "a header fingerprint changed (a header that lies)",
        bytes: () =>
          edit(good, (l) => {
            const h = header(l);
            h.updaters[0]!.fingerprint = "forged";
            l[0] = JSON.stringify(h);
          }),
        message: /its content does not match the sha256 in its trailer/,
      },
      {
        name: "a record duplicated with the header and trailer made consistent but the section hash not",
        bytes: () =>
          edit(
            good,
            (l) => {
              const h = header(l);
              l.splice(2, 0, l[1]!);
              h.updaters[0]!.recordCount += 1;
              l[0] = JSON.stringify(h);
              const t = JSON.parse(l.at(-1)!) as { records: number };
              l[l.length - 1] = JSON.stringify({ ...t, records: t.records + 1 });
            },
            true,
          ),
        message: /the records of \w+ do not match their sha256 in the header/,
      },
      {
        name: "zero bytes appended after the gzip stream",
        bytes: () => Buffer.concat([good, Buffer.alloc(16)]),
        message: /extra bytes after the end of the compressed data/,
      },
      {
        name: "a line appended after the trailer",
        bytes: () => edit(good, (l) => l.push("{}")),
        message: /follows the trailer line/,
      },
      {
        name: "not a bundle at all",
        bytes: () => packLines(['{"hello":"world"}']),
        message: /not a claro database bundle/,
      },
    ];

    for (const c of cases) {
      it(`${c.name}: BUNDLE_INVALID, one line, nothing written`, async () => {
        const file = scratch.path(`bad-${c.name.replace(/\W+/g, "-")}.gz`);
        writeFileSync(file, c.bytes());
        await assert.rejects(importBundle(target, file, opts), (e) => {
          assert.ok(e instanceof FatalError, String(e));
          assert.equal(e.code, "BUNDLE_INVALID", e.message);
          assert.ok(e.message.startsWith(`bundle ${file} is invalid: `), e.message);
          assert.match(e.message, c.message);
          assert.ok(!e.message.includes("\n"));
          return true;
        });
        assert.deepEqual(await observe(target), before_);
      });
    }

    it("a file that changes between verification and import is refused inside the transaction", async () => {
      const file = scratch.path("swapped.gz");
      writeFileSync(file, good);
      // Two records of one updater swapped: valid gzip, valid records, wrong section hash.
      const bad = edit(good, (l) => l.splice(3, 2, l[4]!, l[3]!));
      let swapped = false;
      const store: Pick<AdvisoryStore, "importAdvisories"> = {
        importAdvisories: (runs, advisories) => {
          // The swap happens after the first pass, exactly when the store starts reading.
          writeFileSync(file, bad);
          swapped = true;
          return target.importAdvisories(runs, advisories);
        },
      };
      await assert.rejects(importBundle(store, file, opts), { code: "BUNDLE_INVALID" });
      assert.ok(swapped);
      assert.deepEqual(await observe(target), before_);
    });

    it("the untouched bundle then imports, replacing both updaters", async () => {
      const file = scratch.path("good-again.gz");
      writeFileSync(file, good);
      appendFileSync(file, Buffer.alloc(0));
      const result = await importBundle(target, file, opts);
      assert.deepEqual([...result.counts.keys()].sort(), ["alpine", "debian"]);
      assert.equal(await target.fingerprint("alpine"), "fp-alpine");
      truncateSync(file, 0);
    });
  });
}
