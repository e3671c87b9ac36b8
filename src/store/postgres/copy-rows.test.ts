import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import type { Enrichment } from "../../contracts/enrichment.js";
import { FatalError } from "../../core/problem.js";
import { PostgresStore } from "./advisory-store.js";
import { copyField } from "./copy-rows.js";
import { makeAdvisory, makeRun } from "../testdata/advisories.js";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../../../test/support/postgres.js";

const created: string[] = [];
after(async () => {
  for (const s of created) await dropSchema(s);
});

async function freshStore(): Promise<PostgresStore> {
  const schema = uniqueSchema();
  created.push(schema);
  const store = new PostgresStore(withSchema(await pgTestUrl(), schema));
  await store.migrate();
  return store;
}

/** Strings that mean something to COPY's text format, to JSON inside it, or to neither. */
const HOSTILE = [
  "tab\there",
  "line\nbreak",
  "carriage\rreturn",
  "back\\slash",
  "\\N",
  "\\.",
  "\\.\n",
  "ends with backslash\\",
  "\\t literal, not a tab",
  "\"quoted\" and 'single'",
  "\\\\\\\t\\\n",
  "",
  " ",
  "ünïcödé ✓ 𝔘 \u2028\u2029",
  "\u0001\u0007\u001b[31m",
  'comma,separated;"csv"',
];

describe("PostgreSQL COPY rows", () => {
  it("escapes exactly the characters COPY's text format gives a meaning", () => {
    assert.equal(copyField(null), "\\N");
    assert.equal(copyField("\\N"), "\\\\N");
    assert.equal(copyField("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
    assert.equal(copyField('plain, "quoted" ✓'), 'plain, "quoted" ✓');
  });

  it("stores hostile text and JSON values as given, NULLs as NULL, in feed order", async () => {
    const store = await freshStore();
    try {
      const advisories: Advisory[] = HOSTILE.map((s, i) =>
        makeAdvisory(i, {
          id: `CVE-2024-${1000 + i}${s}`,
          packageName: `pkg${s}`,
          description: s,
          fixedVersion: i % 2 === 0 ? null : s,
          vendorSeverity: i % 3 === 0 ? null : s,
          aliases: [s, `${s}\\`],
          links: [`https://example.test/${s}`],
          cvss: [{ version: "3.1", vector: `CVSS:3.1/${s}`, score: 9.8, source: s }],
        }),
      );
      assert.equal(await store.replaceAdvisories(makeRun("debian", "fp", "changed", "2024-01-01T00:00:00Z"), advisories), advisories.length);
      const back: Advisory[] = [];
      for await (const a of store.exportAdvisories("debian")) back.push(a);
      assert.deepEqual(back, advisories);
      const nulls = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM "${store.schema}".advisories WHERE fixed_version IS NULL`);
      assert.equal(Number(nulls[0]?.n), advisories.filter((a) => a.fixedVersion === null).length);

      const enrichments: Enrichment[] = HOSTILE.map((s, i) => ({
        kind: "kev",
        cve: `CVE-2024-${2000 + i}`,
        updater: "kev",
        data: { dateAdded: "2024-01-01", dueDate: i % 2 === 0 ? null : s, ransomware: s, vulnerabilityName: s },
      }));
      assert.equal(await store.replaceEnrichments(makeRun("kev", "fp", "changed", "2024-01-01T00:00:00Z"), enrichments), enrichments.length);
      assert.deepEqual(await store.findEnrichments(enrichments.map((e) => e.cve)), enrichments);
    } finally {
      await store.close();
    }
  });

  it("a feed that fails mid-COPY leaves the previous rows and a usable connection", async () => {
    const store = await freshStore();
    try {
      const first = [makeAdvisory(1, { description: "old\tone" }), makeAdvisory(2)];
      await store.replaceAdvisories(makeRun("debian", "fp1", "changed", "2024-01-01T00:00:00Z"), first);
      function* cut(): Generator<Advisory> {
        for (let i = 0; i < 5000; i++) yield makeAdvisory(i, { description: `new ${i}` });
        throw new FatalError("FEED_INVALID", "debian: the feed ends mid-record");
      }
      await assert.rejects(
        store.replaceAdvisories(makeRun("debian", "fp2", "changed", "2024-01-02T00:00:00Z"), cut()),
        (e) => e instanceof FatalError && e.code === "FEED_INVALID",
      );
      // A NUL byte is refused by PostgreSQL itself; the COPY fails server-side and rolls back too.
      await assert.rejects(store.replaceAdvisories(makeRun("debian", "fp3", "changed", "2024-01-03T00:00:00Z"), [makeAdvisory(3, { aliases: ["nul\u0000"] })]));
      const back: Advisory[] = [];
      for await (const a of store.exportAdvisories("debian")) back.push(a);
      assert.deepEqual(back, first);
      assert.equal(await store.fingerprint("debian"), "fp1");
    } finally {
      await store.close();
    }
  });
});
