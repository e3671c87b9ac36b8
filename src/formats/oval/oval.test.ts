import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isFatalError } from "../../core/problem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseOval, type OvalProfile } from "../../feeds/oval/advisories.js";
import { bufferChunks, feedChunks } from "./chunks.js";
import { archList } from "./mapping.js";
import { definitionsOf, indexOval } from "./reader.js";
import { rpmRecordAffects } from "../../feeds/oval/matcher.js";
import { writeRepeatedOval } from "./testdata/synthetic.js";
import { gzipSync } from "node:zlib";

const PHOTON = sharedPath("fixtures", "vulndata", "photon", "oval", "com.vmware.phsa-photon3.xml");
const MEASURE = join(import.meta.dirname, "testdata", "measure-rss.ts");
const MB = 1024 * 1024;

const generic: OvalProfile = {
  updater: "t",
  cvssSource: "t",
  defaultNamespace: null,
  namespaceOf: (l) => (l.name === "test-release" ? `test:${l.fields["version"]?.value ?? ""}` : undefined),
};

const doc = (defs: string, tests: string, objects = "", states = ""): Buffer =>
  Buffer.from(
    `<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"><definitions>${defs}</definitions><tests>${tests}</tests><objects>${objects}</objects><states>${states}</states></oval_definitions>`,
  );

const REL = `<rpminfo_test id="r"><object object_ref="or"/><state state_ref="sr"/></rpminfo_test>`;
const REL_OBJ = `<rpminfo_object id="or"><name>test-release</name></rpminfo_object>`;
const REL_STATE = `<rpminfo_state id="sr"><version operation="equals">1</version></rpminfo_state>`;

test("the real Photon 3 file: index sizes match the element counts, every definition streams", () => {
  const body = readFileSync(PHOTON);
  const idx = indexOval(body, "photon");
  const count = (re: RegExp): number => body.toString("utf8").match(re)?.length ?? 0;
  assert.equal(idx.tests.size, count(/<rpminfo_test /g));
  assert.equal(idx.objects.size, count(/<rpminfo_object /g));
  assert.equal(idx.states.size, count(/<rpminfo_state /g));
  const defs = [...definitionsOf(body, "photon")];
  assert.equal(defs.length, count(/<definition /g));
  const first = defs[0]!;
  assert.equal(first.id, "oval:com.vmware.phsa:def:2020300001");
  assert.equal(first.class, "patch");
  assert.equal(first.severity, "Important");
  assert.deepEqual(
    first.cves.map((c) => c.id),
    ["CVE-2019-16168"],
  );
  assert.equal(first.criteria?.kind, "criteria");
});

test("truncated XML is FEED_INVALID before any record is produced", () => {
  const body = readFileSync(PHOTON);
  for (const cut of [body.length - 20, Math.floor(body.length / 2), 100]) {
    assert.throws(
      () => parseOval(body.subarray(0, cut), generic),
      (e) => isFatalError(e) && e.code === "FEED_INVALID",
    );
  }
  assert.throws(
    () => parseOval(Buffer.from("<oval_definitions><definitions></oval_definitions>"), generic),
    (e) => isFatalError(e) && e.code === "FEED_INVALID",
  );
});

test("unknown test kinds and operations are problems; known ones become records", () => {
  const body = doc(
    `<definition id="d1" class="vulnerability"><metadata><title>CVE-2024-0001</title><advisory><severity>Low</severity></advisory></metadata>
      <criteria operator="AND"><criterion test_ref="r"/><criteria operator="OR">
        <criterion test_ref="t1"/><criterion test_ref="t2"/><criterion test_ref="t3" negate="true"/><criterion test_ref="w"/></criteria></criteria></definition>`,
    `${REL}<rpminfo_test id="t1"><object object_ref="o1"/><state state_ref="s1"/></rpminfo_test>
     <rpminfo_test id="t2"><object object_ref="o2"/><state state_ref="s2"/></rpminfo_test>
     <rpminfo_test id="t3"><object object_ref="o1"/><state state_ref="s1"/></rpminfo_test>
     <win:registry_test xmlns:win="x" id="w"><win:object object_ref="o1"/></win:registry_test>`,
    `${REL_OBJ}<rpminfo_object id="o1"><name>a</name></rpminfo_object><rpminfo_object id="o2"><name>b</name></rpminfo_object>`,
    `${REL_STATE}<rpminfo_state id="s1"><evr datatype="evr_string" operation="less than">0:1.0-2</evr></rpminfo_state><rpminfo_state id="s2"><evr operation="6">0:1.0-2</evr></rpminfo_state>`,
  );
  const out = parseOval(body, generic);
  const recs = [...out.advisories];
  assert.deepEqual(
    recs.map((r) => [r.id, r.namespace, r.packageName, r.status, r.fixedVersion, r.severity, r.vendorSeverity]),
    [["CVE-2024-0001", "test:1", "a", "fixed", "1.0-2", "low", "Low"]],
  );
  const details = out.problems.map((p) => (p.kind === "bad-feed-record" ? p.detail : p.kind));
  assert.ok(
    details.some((d) => d.startsWith("unknown OVAL test kind registry_test")),
    details.join("\n"),
  );
  assert.ok(
    details.some((d) => d.startsWith("unsupported evr operation '6'")),
    details.join("\n"),
  );
});

test("lower and upper bounds on one package in one branch form one range; arch states scope the namespace", () => {
  const body = doc(
    `<definition id="d" class="vulnerability"><metadata><title>CVE-2024-0002</title></metadata><criteria operator="AND"><criterion test_ref="r"/><criterion test_ref="lo"/><criterion test_ref="hi"/></criteria></definition>`,
    `${REL}<rpminfo_test id="lo"><object object_ref="o"/><state state_ref="slo"/></rpminfo_test><rpminfo_test id="hi"><object object_ref="o"/><state state_ref="shi"/></rpminfo_test>`,
    `${REL_OBJ}<rpminfo_object id="o"><name>golang</name></rpminfo_object>`,
    `${REL_STATE}<rpminfo_state id="slo"><evr operation="greater than">0:1.19.0</evr></rpminfo_state><rpminfo_state id="shi"><arch operation="pattern match">(x86_64|aarch64)</arch><evr operation="less than">0:1.20.7-1</evr></rpminfo_state>`,
  );
  const recs = [...parseOval(body, generic).advisories];
  assert.deepEqual(
    recs.map((r) => [r.namespace, r.introducedVersion, r.fixedVersion]),
    [
      ["test:1/x86_64", "1.19.0", "1.20.7-1"],
      ["test:1/aarch64", "1.19.0", "1.20.7-1"],
    ],
  );
  assert.equal(rpmRecordAffects("1.20.6-1", recs[0]!), true);
  assert.equal(rpmRecordAffects("1.20.7-1", recs[0]!), false);
  assert.equal(rpmRecordAffects("1.18.5-1", recs[0]!), false);
  assert.deepEqual(archList({ operation: "pattern match", value: "^(noarch|i686)$" }), ["noarch", "i686"]);
  assert.equal(archList({ operation: "pattern match", value: "x86_.*" }), null);
});

test("a test, object or state written twice under one id: the later one counts, in the index and in records", () => {
  const body = doc(
    `<definition id="d" class="vulnerability"><metadata><title>CVE-2024-0003</title></metadata><criteria operator="AND"><criterion test_ref="r"/><criterion test_ref="t"/></criteria></definition>`,
    `${REL}<rpminfo_test id="t"><object object_ref="o"/><state state_ref="s"/></rpminfo_test>`,
    `${REL_OBJ}<rpminfo_object id="o"><name>old</name></rpminfo_object><rpminfo_object id="o"><name>new</name></rpminfo_object>`,
    `${REL_STATE}<rpminfo_state id="s"><evr operation="less than">0:1-1</evr></rpminfo_state><rpminfo_state id="s"><evr operation="less than">0:2-1</evr></rpminfo_state>`,
  );
  assert.equal(indexOval(body, "t").objects.get("o")?.name, "new");
  assert.deepEqual(
    [...parseOval(body, generic).advisories].map((r) => [r.packageName, r.fixedVersion]),
    [["new", "2-1"]],
  );
});

test("gzip bodies are decompressed, told by their magic bytes", () => {
  const xml = readFileSync(PHOTON);
  assert.deepEqual(Buffer.concat([...feedChunks(bufferChunks(gzipSync(xml)), "t")]), xml);
  assert.throws(
    () => [...feedChunks(bufferChunks(gzipSync(xml).subarray(0, 5000)), "t")],
    (e) => isFatalError(e) && e.code === "FEED_INVALID",
  );
});

test("bzip2 is decoded as it is read: one stream or several back to back (pbzip2), told by magic bytes", (t) => {
  const xml = readFileSync(PHOTON);
  const bz = (b: Buffer): Buffer | null => {
    const r = spawnSync("bzip2", ["-c", "-1"], { input: b, maxBuffer: 64 * MB });
    return r.status === 0 ? r.stdout : null;
  };
  const one = bz(xml);
  const half = Math.floor(xml.length / 2);
  const [a, b] = [bz(xml.subarray(0, half)), bz(xml.subarray(half))];
  if (!one || !a || !b) return t.skip("no bzip2 binary");
  // -1 makes 100 kB blocks: the 1.8 MB file spans many, and the output crosses chunk boundaries.
  assert.deepEqual(Buffer.concat([...feedChunks(bufferChunks(one), "t")]), xml);
  assert.deepEqual(Buffer.concat([...feedChunks(bufferChunks(Buffer.concat([a, b])), "t")]), xml);
  const photon: OvalProfile = { ...generic, namespaceOf: (l) => (l.name === "photon-release" ? "photon" : undefined) };
  const want = [...parseOval(xml, photon).advisories];
  assert.equal(want.length, 778);
  assert.deepEqual([...parseOval(one, photon).advisories], want);
});

test("the index's temporary SQLite file is removed: after a full read, an early stop, and a truncated document", () => {
  const body = readFileSync(PHOTON);
  const photon: OvalProfile = { ...generic, namespaceOf: (l) => (l.name === "photon-release" ? "photon" : undefined) };
  const dir = mkdtempSync(join(tmpdir(), "claro-oval-tmp-"));
  const saved = process.env["TMPDIR"];
  // os.tmpdir() reads TMPDIR on each call: the stores of this test are made in `dir` alone.
  process.env["TMPDIR"] = dir;
  try {
    const full = parseOval(body, photon);
    assert.equal(readdirSync(dir).length, 1, "the index is on disk while records are pending");
    assert.equal([...full.advisories].length, 778);
    assert.deepEqual(readdirSync(dir), []);

    const early = parseOval(body, photon);
    for (const _ of early.advisories) break;
    assert.deepEqual(readdirSync(dir), []);

    assert.throws(
      () => parseOval(body.subarray(0, body.length - 20), photon),
      (e) => isFatalError(e) && e.code === "FEED_INVALID",
    );
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    if (saved === undefined) delete process.env["TMPDIR"];
    else process.env["TMPDIR"] = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

interface Measured {
  count: number;
  distinct: number;
  perKey: number[];
  problems: number;
  baseRss: number;
  maxRss: number;
}

function measure(file: string): Measured {
  const out = execFileSync(process.execPath, ["--import", "tsx", MEASURE, file], { encoding: "utf8", maxBuffer: MB });
  return JSON.parse(out.trim()) as Measured;
}

const mb = (n: number): string => `${(n / MB).toFixed(0)} MB`;

/**
 * The parser's own cost is the peak over the child's baseline once its modules are loaded (tsx
 * alone is ~85 MB of that baseline). The tests, objects and states go to a temporary SQLite file
 * and definitions are resolved against it a batch at a time, so what the parse holds does not
 * depend on the document: saxes' current chunk, one batch, SQLite's 2 MB page cache, and V8's
 * young generation and old-space headroom (most of the ~80 MB measured, whatever the size).
 */
const GROWTH_BOUND = 110 * MB;
/**
 * Growth from 18 to 35 copies of Photon. The index held in memory (~305 bytes a record, 4 556
 * records a copy) made the two differ by ~44 MB (67 → 111 MB measured; 159 MB at 69 copies). On
 * disk they differ by GC timing alone: 3–15 MB measured, and 69 copies grow as 35 do (~85 MB).
 */
const FLAT_SLACK = 25 * MB;

test("peak RSS stays flat: Photon's real file repeated to 30+ and 60+ MB, plain, bzip2 and gzip, parsed in a child process", { timeout: 300_000 }, () => {
  const photon = measure(PHOTON);
  assert.deepEqual([photon.count, photon.distinct, photon.problems], [778, 778, 0]);

  const dir = mkdtempSync(join(tmpdir(), "claro-oval-"));
  try {
    const file = join(dir, "com.vmware.phsa-photon3.xml");
    const copies = writeRepeatedOval(PHOTON, file, 30 * MB);
    const size = statSync(file).size;
    assert.ok(size >= 30 * MB);
    const big = measure(file);
    // Every copy gives exactly the records of the real file: nothing dropped or merged across copies.
    assert.deepEqual([big.count, big.distinct, big.perKey, big.problems], [copies * photon.count, photon.distinct, [copies], 0]);
    const growth = big.maxRss - big.baseRss;
    assert.ok(growth < GROWTH_BOUND, `${mb(size)} OVAL grew RSS by ${mb(growth)}`);
    const lines = [`peak RSS: photon ${mb(photon.maxRss)} (base ${mb(photon.baseRss)}); ${mb(size)} file ${mb(big.maxRss)} (base ${mb(big.baseRss)})`];

    // Twice the document, the same growth: nothing the parse keeps scales with the records.
    const file2 = join(dir, "twice.xml");
    const copies2 = writeRepeatedOval(PHOTON, file2, 60 * MB);
    const size2 = statSync(file2).size;
    const bigger = measure(file2);
    rmSync(file2);
    assert.deepEqual([bigger.count, bigger.distinct, bigger.perKey, bigger.problems], [copies2 * photon.count, photon.distinct, [copies2], 0]);
    const growth2 = bigger.maxRss - bigger.baseRss;
    assert.ok(growth2 - growth < FLAT_SLACK, `${copies} copies grew RSS by ${mb(growth)}, ${copies2} copies by ${mb(growth2)}`);
    lines.push(`${mb(size2)} file ${mb(bigger.maxRss)} (base ${mb(bigger.baseRss)})`);

    // Oracle's upstream form: the same document as .bz2, decompressed while it is parsed.
    if (spawnSync("bzip2", ["-k", file]).status === 0) {
      const bz = measure(`${file}.bz2`);
      assert.deepEqual([bz.count, bz.distinct, bz.problems], [big.count, big.distinct, 0]);
      assert.ok(bz.maxRss - bz.baseRss < GROWTH_BOUND, `the .bz2 grew RSS by ${mb(bz.maxRss - bz.baseRss)}`);
      lines.push(`.bz2 of it ${mb(bz.maxRss)} (base ${mb(bz.baseRss)})`);
    }
    // SUSE's upstream form: .gz, inflated by node:zlib in a worker (an isolate of ~10 MB, plus the
    // chunks it posts back), hence the extra allowance.
    writeFileSync(`${file}.gz`, gzipSync(readFileSync(file)));
    const gz = measure(`${file}.gz`);
    assert.deepEqual([gz.count, gz.distinct, gz.problems], [big.count, big.distinct, 0]);
    assert.ok(gz.maxRss - gz.baseRss < GROWTH_BOUND + 25 * MB, `the .gz grew RSS by ${mb(gz.maxRss - gz.baseRss)}`);
    lines.push(`.gz of it ${mb(gz.maxRss)} (base ${mb(gz.baseRss)})`);
    console.log(lines.join("; "));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
