import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { Enrichment } from "../../contracts/enrichment.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseEpssCsv } from "../epss/index.js";
import { parseKevJson } from "../kev/index.js";
import { parseNvdBody } from "./nvd-updater.js";

const load = (p: string): Buffer => readFileSync(sharedPath(`fixtures/vulndata/${p}`));
const all = (o: { records: Iterable<Enrichment> }): Enrichment[] => [...o.records];

describe("enrichment feed samples, loaded by their updaters' parsers", () => {
  it("NVD API 2.0 single-entry: CVE-2022-1576 with v3.1 6.5 and v2 4.3", () => {
    const out = parseNvdBody(load("nvd/api2/single-entry.json"));
    const [r] = all(out);
    assert.equal(r?.kind, "nvd");
    assert.equal(r?.cve, "CVE-2022-1576");
    assert.deepEqual(r?.kind === "nvd" ? r.data.cvss : [], [
      { version: "2.0", vector: "AV:N/AC:M/Au:N/C:N/I:P/A:N", score: 4.3, source: "nvd@nist.gov" },
      { version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N", score: 6.5, source: "nvd@nist.gov" },
    ]);
    assert.deepEqual(out.problems, []);
  });

  it("NVD API 2.0 full page: 38 CVEs, 3 without metrics; every feed score equals ae-cvss-calculator's", async () => {
    const { computeBaseScore } = await import("../../formats/nvd/cvss-score.js");
    const recs = all(parseNvdBody(load("nvd/api2/full-page.json")));
    assert.equal(recs.length, 38);
    const nvd = recs.flatMap((r) => (r.kind === "nvd" ? [r] : []));
    assert.equal(nvd.filter((r) => r.data.cvss.length === 0).length, 3);
    for (const r of nvd) for (const c of r.data.cvss) assert.equal(computeBaseScore(c.version, c.vector), c.score, `${r.cve} ${c.vector}`);
    // An array of pages (what the dir/upstream fetch produces) gives the union.
    const twoPages = Buffer.concat([Buffer.from("["), load("nvd/api2/full-page.json"), Buffer.from(","), load("nvd/api2/single-entry.json"), Buffer.from("]")]);
    assert.equal(all(parseNvdBody(twoPages)).length, 39);
  });

  it("nvd/feed-1.1/feed.json (an API 2.0 page despite its folder): 3 CVEs, one without metrics, scores recomputed equal", async () => {
    const { computeBaseScore } = await import("../../formats/nvd/cvss-score.js");
    const out = parseNvdBody(load("nvd/feed-1.1/feed.json"));
    assert.deepEqual(out.problems, []);
    const nvd = all(out).flatMap((r) => (r.kind === "nvd" ? [r] : []));
    assert.deepEqual(
      nvd.map((r) => r.cve),
      ["CVE-2016-2781", "CVE-2016-3197", "CVE-2016-3674"],
    );
    assert.deepEqual(
      nvd.map((r) => r.data.cvss.length > 0),
      [true, false, true],
    );
    for (const r of nvd) for (const c of r.data.cvss) assert.equal(computeBaseScore(c.version, c.vector), c.score, `${r.cve} ${c.vector}`);
  });

  it("EPSS CSV: 29 scores with the header's model version and date", () => {
    const recs = all(parseEpssCsv(load("epss/data.csv")));
    assert.equal(recs.length, 29);
    const r = recs.find((x) => x.cve === "CVE-1999-0005");
    assert.deepEqual(r?.data, { score: 0.91963, percentile: 0.9903, modelVersion: "v2023.03.01", scoreDate: "2024-10-25T00:00:00+0000" });
  });

  it("CISA KEV JSON: 2 entries; Log4Shell is Known ransomware use", () => {
    const recs = all(parseKevJson(load("kev/known_exploited_vulnerabilities.json")));
    assert.deepEqual(
      recs.map((r) => r.cve),
      ["CVE-2017-3066", "CVE-2021-44228"],
    );
    assert.deepEqual(recs[1]?.data, {
      dateAdded: "2021-12-10",
      dueDate: "2021-12-24",
      ransomware: "Known",
      vulnerabilityName: "Apache Log4j2 Remote Code Execution Vulnerability",
    });
  });
});
