import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import Database from "better-sqlite3";
import { sharedPath } from "../../../test/support/shared.js";
import { RPMTAG } from "./header.js";
import { readRpmPackage } from "./package.js";
import { parseRpmDb, type RpmDbKind } from "./rpmdb.js";
import { buildHeader } from "./testdata/build-header.js";

const load = (rel: string): Buffer => readFileSync(sharedPath("fixtures/pkgdb/rpmdb", rel));
/** SQLite will not open a WAL-mode image from memory; reset the header's journal bytes on a copy. */
function openSqliteCopy(data: Buffer): Database.Database {
  const image = Buffer.from(data);
  image[18] = 1;
  image[19] = 1;
  return new Database(image);
}

const BDB = "bdb/libuuid/Packages";
const SQLITE = "sqlite/cbl-mariner-2.0/rpmdb.sqlite";
const NDB = "ndb/sle15-bci/Packages.db";

function seeded(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

const BASIC = [
  { tag: RPMTAG.NAME, string: "nodejs" },
  { tag: RPMTAG.VERSION, string: "18.14.2" },
  { tag: RPMTAG.RELEASE, string: "3.module+el8.7.0+18400+b1f1bbb5" },
  { tag: RPMTAG.EPOCH, int32: [1] },
  { tag: RPMTAG.ARCH, string: "x86_64" },
  { tag: RPMTAG.SOURCERPM, string: "nodejs-18.14.2-3.module+el8.7.0+18400+b1f1bbb5.src.rpm" },
  { tag: RPMTAG.MODULARITYLABEL, string: "nodejs:18:8070020230306170042:ad008a3a" },
];

test("a header with EPOCH, MODULARITYLABEL and OLDFILENAMES is read in full", () => {
  const r = readRpmPackage(buildHeader([...BASIC, { tag: RPMTAG.OLDFILENAMES, strings: ["/usr/bin/node", "/usr/lib/node"] }]));
  assert.ok(r.ok);
  assert.equal(r.pkg.epoch, 1);
  assert.equal(r.pkg.sourceName, "nodejs");
  assert.equal(r.pkg.modularityLabel, "nodejs:18:8070020230306170042:ad008a3a");
  assert.deepEqual(r.pkg.files, ["/usr/bin/node", "/usr/lib/node"]);
  assert.equal(r.pkg.vendor, null);
});

test("a header whose file index points past DIRNAMES keeps the package and reports the file list", () => {
  const r = readRpmPackage(
    buildHeader([
      ...BASIC,
      { tag: RPMTAG.DIRNAMES, strings: ["/usr/bin/"] },
      { tag: RPMTAG.BASENAMES, strings: ["node", "npm"] },
      { tag: RPMTAG.DIRINDEXES, int32: [0, 7] },
    ]),
  );
  assert.ok(r.ok);
  assert.equal(r.pkg.files, undefined);
  assert.match(r.fileError ?? "", /dir index 7 is out of range/);
});

test("corrupt header blobs are errors, never exceptions or out-of-range reads", () => {
  const good = buildHeader(BASIC);
  const cases: [string, Buffer, RegExp][] = [
    ["empty", Buffer.alloc(0), /shorter than/],
    ["index count too large", Buffer.concat([Buffer.from([0, 1, 0, 0]), good.subarray(4)]), /index count/],
    ["truncated data store", good.subarray(0, good.length - 5), /blob is only/],
  ];
  const offsetPastEnd = Buffer.from(good);
  offsetPastEnd.writeUInt32BE(0x7fff0000, 8 + 8); // NAME's offset
  cases.push(["offset past the data store", offsetPastEnd, /outside the .*data store/]);
  const unterminated = Buffer.from(good);
  unterminated[unterminated.length - 1] = 0x41; // last string loses its NUL
  cases.push(["unterminated string", unterminated, /not NUL-terminated/]);
  const wrongType = Buffer.from(good);
  wrongType.writeUInt32BE(4, 8 + 4); // NAME typed as INT32
  cases.push(["NAME with an integer type", wrongType, /expected a string/]);
  const unknownType = Buffer.from(good);
  unknownType.writeUInt32BE(77, 8 + 4);
  cases.push(["unknown type", unknownType, /unknown type 77/]);
  for (const [what, blob, want] of cases) {
    const r = readRpmPackage(blob);
    assert.equal(r.ok, false, what);
    if (!r.ok) assert.match(r.detail, want, what);
  }
});

test("random byte damage to real headers never throws", () => {
  const db = openSqliteCopy(load(SQLITE));
  const blobs = db
    .prepare("SELECT blob FROM Packages LIMIT 20")
    .pluck()
    .all()
    .filter((b): b is Buffer => Buffer.isBuffer(b));
  db.close();
  assert.equal(blobs.length, 20);
  const next = seeded(31337);
  let rejected = 0;
  for (let i = 0; i < 3000; i++) {
    const blob = Buffer.from(blobs[i % blobs.length]!);
    // Damage the index region most of the time: that is where offsets and counts live.
    for (let k = 0; k < 1 + next(4); k++) blob[next(Math.min(blob.length, 8 + 16 * 40))] = next(256);
    const cut = next(10) === 0 ? blob.subarray(0, next(blob.length)) : blob;
    const r = readRpmPackage(cut);
    if (!r.ok) rejected++;
  }
  assert.ok(rejected > 100, `${rejected} of 3000 damaged headers rejected`);
});

test("garbage bytes and empty files under every backend are problems, not exceptions", () => {
  const next = seeded(5);
  const garbage = Buffer.from(Array.from({ length: 20000 }, () => next(256)));
  for (const kind of ["bdb", "sqlite", "ndb"] as RpmDbKind[]) {
    for (const data of [garbage, Buffer.alloc(0), Buffer.alloc(8192)]) {
      const r = parseRpmDb(kind, data, `x/${kind}`);
      assert.deepEqual(r.packages, []);
      assert.equal(r.problems.length, 1, kind);
      assert.equal(r.problems[0]!.kind, "unreadable-file");
    }
  }
  // Right magic, garbage after it.
  const fakeSqlite = Buffer.concat([Buffer.from("SQLite format 3\0", "latin1"), garbage]);
  assert.equal(parseRpmDb("sqlite", fakeSqlite, "rpmdb.sqlite").problems[0]?.kind, "unreadable-file");
});

test("a BDB file truncated at any page boundary yields problems, never exceptions", () => {
  const full = load(BDB);
  assert.equal(parseRpmDb("bdb", full, BDB).packages.length, 1);
  let lost = 0;
  for (let len = 0; len < full.length; len += 512) {
    const r = parseRpmDb("bdb", full.subarray(0, len), BDB);
    if (r.packages.length === 0) {
      lost++;
      assert.ok(r.problems.length > 0, `truncated at ${len}: no package and no problem`);
    }
  }
  assert.ok(lost > 0);
});

test("a BDB overflow page with a damaged type or length is a problem", () => {
  const full = load(BDB);
  const pageSize = full.readUInt32LE(20);
  const overflowPages: number[] = [];
  for (let n = 1; n < full.length / pageSize; n++) if (full[n * pageSize + 25] === 7) overflowPages.push(n);
  assert.ok(overflowPages.length > 0);
  let affected = 0;
  for (const n of overflowPages) {
    const badType = Buffer.from(full);
    badType[n * pageSize + 25] = 0x42;
    const badLen = Buffer.from(full);
    badLen.writeUInt16LE(0xffff, n * pageSize + 22);
    for (const data of [badType, badLen]) {
      const r = parseRpmDb("bdb", data, BDB);
      // Stale overflow pages no live record uses can be damaged without any effect.
      if (r.packages.length === 0) {
        affected++;
        assert.match(r.problems.map((p) => JSON.stringify(p)).join(), /overflow/);
      }
    }
  }
  assert.ok(affected > 0, "no damaged overflow page belonged to the live record");
});

test("one corrupt SQLite row is a problem and the other 128 packages are still listed", () => {
  const db = openSqliteCopy(load(SQLITE));
  db.prepare("UPDATE Packages SET blob = ? WHERE hnum = (SELECT hnum FROM Packages ORDER BY hnum LIMIT 1 OFFSET 5)").run(Buffer.from("garbage!"));
  const damaged = db.serialize();
  db.close();
  const r = parseRpmDb("sqlite", damaged, SQLITE);
  assert.equal(r.packages.length, 128);
  assert.equal(r.problems.length, 1);
  assert.equal(r.problems[0]!.kind, "malformed-record");
});

test("one NDB blob with a broken frame is a problem and the other 34 packages are still listed", () => {
  const data = Buffer.from(load(NDB));
  const slot = 32 + 16 * 3; // the fourth slot
  const blkOff = data.readUInt32LE(slot + 8);
  data.write("XXXX", blkOff * 16, "latin1");
  const r = parseRpmDb("ndb", data, NDB);
  assert.equal(r.packages.length, 34);
  assert.equal(r.problems.length, 1);
  assert.match(JSON.stringify(r.problems[0]), /bad head magic/);
  const truncated = parseRpmDb("ndb", load(NDB).subarray(0, 600_000), NDB);
  assert.ok(truncated.packages.length > 0 && truncated.packages.length < 35);
  assert.ok(truncated.problems.length > 0);
});
