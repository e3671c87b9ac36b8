import assert from "node:assert/strict";
import { it } from "node:test";
import type { Enrichment } from "../../contracts/enrichment.js";
import type { AdvisoryStore } from "../../contracts/store.js";
import { makeRun } from "./advisories.js";

const T0 = "2024-05-01T10:00:00.000Z";
const T1 = "2024-05-02T10:00:00.000Z";

const nvd: Enrichment = {
  kind: "nvd",
  cve: "CVE-2024-28757",
  updater: "nvd",
  data: {
    cvss: [
      { version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", score: 7.5, source: "nvd@nist.gov" },
      { version: "4.0", vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", score: null, source: 'cna "quoted"' },
    ],
    published: "2024-03-10T05:15:06.570",
    lastModified: null,
  },
};
const epss = (cve: string, score: number): Enrichment => ({
  kind: "epss",
  cve,
  updater: "epss",
  data: { score, percentile: 0.5, modelVersion: "v2023.03.01", scoreDate: "2024-10-25T00:00:00+0000" },
});
const kev: Enrichment = {
  kind: "kev",
  cve: "CVE-2021-44228",
  updater: "kev",
  data: { dateAdded: "2021-12-10", dueDate: "2021-12-24", ransomware: "Known", vulnerabilityName: null },
};

/** The enrichment half of the AdvisoryStore contract; registered inside runStoreContract's describe. */
export function enrichmentContract(getStore: () => AdvisoryStore): void {
  it("replaceEnrichments round-trips every kind and findEnrichments returns only the asked CVEs", async () => {
    const store = getStore();
    assert.equal(await store.replaceEnrichments(makeRun("nvd", "fp-n", "changed", T0), [nvd]), 1);
    assert.equal(await store.replaceEnrichments(makeRun("epss", "fp-e", "changed", T0), [epss("CVE-2024-28757", 0.25), epss("CVE-1999-0005", 0.9)]), 2);
    assert.equal(await store.replaceEnrichments(makeRun("kev", "fp-k", "changed", T0), [kev]), 1);
    const found = await store.findEnrichments(["CVE-2024-28757", "CVE-2024-28757", "CVE-2021-44228"]);
    const byKey = new Map(found.map((e) => [`${e.kind}/${e.cve}`, e]));
    assert.equal(found.length, 3);
    assert.deepEqual(byKey.get("nvd/CVE-2024-28757"), nvd);
    assert.deepEqual(byKey.get("epss/CVE-2024-28757"), epss("CVE-2024-28757", 0.25));
    assert.deepEqual(byKey.get("kev/CVE-2021-44228"), kev);
    assert.deepEqual(await store.findEnrichments([]), []);
    // Enrichments are not advisories: they neither count as such nor show in a scan's find().
    assert.equal(await store.countAdvisories(), 0);
    const status = new Map((await store.status()).map((s) => [s.updater, s]));
    assert.equal(status.get("epss")?.recordCount, 2);
    assert.equal(await store.fingerprint("kev"), "fp-k");
  });

  it("replaceEnrichments replaces one updater's set only, and a failing iterable changes nothing", async () => {
    const store = getStore();
    await store.replaceEnrichments(makeRun("epss", "fp-1", "changed", T0), [epss("CVE-1", 0.1), epss("CVE-2", 0.2)]);
    await store.replaceEnrichments(makeRun("kev", "fp-k", "changed", T0), [kev]);
    await store.replaceEnrichments(makeRun("epss", "fp-2", "changed", T1), [epss("CVE-3", 0.3)]);
    assert.deepEqual(await store.findEnrichments(["CVE-1", "CVE-2"]), []);
    assert.equal((await store.findEnrichments(["CVE-3", "CVE-2021-44228"])).length, 2);
    function* broken(): Generator<Enrichment> {
      yield epss("CVE-4", 0.4);
      throw new Error("truncated feed");
    }
    await assert.rejects(store.replaceEnrichments(makeRun("epss", "fp-3", "changed", T1), broken()), /truncated feed/);
    assert.deepEqual(await store.findEnrichments(["CVE-4"]), []);
    assert.equal((await store.findEnrichments(["CVE-3"])).length, 1);
    assert.equal(await store.fingerprint("epss"), "fp-2");
    // A record of another updater would outlive the next replace: refused.
    await assert.rejects(store.replaceEnrichments(makeRun("epss", "fp-4", "changed", T1), [kev]), /belongs to updater kev/);
  });
}
