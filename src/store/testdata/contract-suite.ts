import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import { FatalError } from "../../core/problem.js";
import type { AdvisoryStore } from "../../contracts/store.js";
import { openStore } from "../open-store.js";
import { makeAdvisory, makeRun, manyAdvisories } from "./advisories.js";
import { exportImportContract } from "./contract-export-import.js";
import { enrichmentContract } from "./contract-enrichments.js";

/** One fresh, empty database per test, named by an `openStore` spec so a child process can open it too. */
export interface StoreTarget {
  readonly spec: string;
  /** True while another process holds an uncommitted write (evidence the kill really hit mid-write). */
  readonly openWriteProbe?: () => Promise<boolean>;
  readonly cleanup: () => Promise<void>;
}

const T0 = "2024-05-01T10:00:00.000Z";
const T1 = "2024-05-02T10:00:00.000Z";
const T2 = "2024-05-03T10:00:00.000Z";
const T3 = "2024-05-04T10:00:00.000Z";
const crashChild = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

/** The AdvisoryStore contract, run unchanged against every backend. */
export function runStoreContract(name: string, newTarget: () => Promise<StoreTarget>): void {
  describe(`AdvisoryStore contract: ${name}`, () => {
    let target: StoreTarget;
    let store: AdvisoryStore;
    const extra: AdvisoryStore[] = [];
    const open = async (): Promise<AdvisoryStore> => {
      const s = await openStore(target.spec, {});
      extra.push(s);
      return s;
    };

    beforeEach(async () => {
      target = await newTarget();
      store = await openStore(target.spec, {});
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store.close();
      await target.cleanup();
    });

    exportImportContract(() => store);
    enrichmentContract(() => store);

    it("reports its backend and starts empty", async () => {
      assert.equal(store.backend, name);
      assert.equal(await store.countAdvisories(), 0);
      assert.deepEqual(await store.status(), []);
      assert.equal(await store.fingerprint("debian"), null);
    });

    it("round-trips every Advisory field, including nulls, empty arrays and awkward text", async () => {
      const full: Advisory = {
        id: "CVE-2023-0464",
        aliases: ["DSA-5417-1", "DLA-3449-1"],
        namespace: "debian:12",
        packageName: "openssl",
        packageKind: "source",
        versionScheme: "dpkg",
        status: "fixed",
        fixedVersion: "3.0.9-1",
        introducedVersion: "3.0.0-1",
        severity: "high",
        vendorSeverity: "low**",
        cvss: [
          { version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", score: 7.5, source: "nvd" },
          { version: "2.0", vector: "AV:N/AC:L/Au:N/C:N/I:N/A:P", score: null, source: "debian" },
        ],
        description: "A \"quoted\" \\ back-slashed, multi-line\ndescription with ünïcode and {braces}, [brackets] and 'quotes'",
        links: ["https://security-tracker.debian.org/tracker/CVE-2023-0464", "https://www.openssl.org/news/secadv/20230322.txt"],
        updater: "debian",
      };
      const sparse: Advisory = {
        ...full,
        id: "CVE-2024-0727",
        aliases: [],
        packageKind: "binary",
        status: "affected",
        fixedVersion: null,
        introducedVersion: null,
        severity: "unknown",
        vendorSeverity: null,
        cvss: [],
        description: null,
        links: [],
      };
      assert.equal(await store.replaceAdvisories(makeRun("debian", "fp1", "changed", T0), [full, sparse]), 2);
      assert.deepEqual(await store.find([{ namespace: "debian:12", packageName: "openssl", packageKind: "source" }]), [full]);
      assert.deepEqual(await store.find([{ namespace: "debian:12", packageName: "openssl", packageKind: "binary" }]), [sparse]);
    });

    it("round-trips lastAffectedVersion (OSV last_affected) and leaves it out when never set", async () => {
      const bounded: Advisory = {
        ...makeAdvisory(0, { id: "GO-2099-0001", status: "affected", fixedVersion: null, updater: "osv/go" }),
        lastAffectedVersion: "1.2.3",
      };
      const plain = makeAdvisory(1, { id: "GO-2099-0002", updater: "osv/go" });
      await store.replaceAdvisories(makeRun("osv/go", "fp", "changed", T0), [bounded, plain]);
      assert.deepEqual(await store.find([{ namespace: bounded.namespace, packageName: bounded.packageName, packageKind: bounded.packageKind }]), [bounded]);
      const [got] = await store.find([{ namespace: plain.namespace, packageName: plain.packageName, packageKind: plain.packageKind }]);
      assert.equal(got?.lastAffectedVersion, undefined);
    });

    it("stores every fix status and severity the domain defines", async () => {
      const statuses = ["fixed", "affected", "will_not_fix", "fix_deferred", "end_of_life", "not_affected"] as const;
      const severities = ["unknown", "negligible", "low", "medium", "high", "critical"] as const;
      const all = statuses.map((status, i) => makeAdvisory(0, { id: `CVE-0-${i}`, status, severity: severities[i]! }));
      await store.replaceAdvisories(makeRun("debian", "fp", "changed", T0), all);
      const got = await store.find([{ namespace: "debian:12", packageName: "pkg0", packageKind: "source" }]);
      assert.deepEqual(
        got.map((a) => [a.status, a.severity]),
        statuses.map((s, i) => [s, severities[i]]),
      );
    });

    it("finds by several queries at once, exactly the matching records, in query then id order", async () => {
      const rec = (id: string, namespace: string, packageName: string, packageKind: "source" | "binary", updater = "u1") =>
        makeAdvisory(0, { id, namespace, packageName, packageKind, updater });
      const data = [
        rec("CVE-3", "debian:12", "openssl", "source"),
        rec("CVE-1", "debian:12", "openssl", "source"),
        rec("CVE-2", "debian:12", "openssl", "binary"),
        rec("CVE-4", "debian:11", "openssl", "source"),
        rec("CVE-5", "debian:12", "openssl-dev", "source"),
        rec("CVE-6", "alpine:3.9", "musl", "binary"),
      ];
      await store.replaceAdvisories(makeRun("u1", "a", "changed", T0), data.slice(0, 4));
      await store.replaceAdvisories(makeRun("u2", "b", "changed", T0), [
        ...data.slice(4).map((a) => ({ ...a, updater: "u2" })),
        rec("CVE-0", "debian:12", "openssl", "source", "u2"),
      ]);
      const got = await store.find([
        { namespace: "alpine:3.9", packageName: "musl", packageKind: "binary" },
        { namespace: "debian:12", packageName: "openssl", packageKind: "source" },
        { namespace: "debian:12", packageName: "nope", packageKind: "source" },
        { namespace: "alpine:3.9", packageName: "musl", packageKind: "binary" },
      ]);
      assert.deepEqual(
        got.map((a) => `${a.id}@${a.updater}`),
        ["CVE-6@u2", "CVE-0@u2", "CVE-1@u1", "CVE-3@u1"],
      );
      assert.deepEqual(await store.find([]), []);
      assert.equal(await store.countAdvisories(), 7);
    });

    it("replaces only the named updater's records and reports the stored count", async () => {
      await store.replaceAdvisories(makeRun("a", "a1", "changed", T0), manyAdvisories(10, { updater: "a" }));
      await store.replaceAdvisories(makeRun("b", "b1", "changed", T0), manyAdvisories(5, { updater: "b", namespace: "alpine:3.9" }));
      // The caller's recordCount guess (999) is replaced by what was actually written.
      const n = await store.replaceAdvisories(makeRun("a", "a2", "changed", T1, { recordCount: 999 }), manyAdvisories(3, { updater: "a" }));
      assert.equal(n, 3);
      assert.equal(await store.countAdvisories(), 8);
      const st = await store.status();
      assert.deepEqual(
        st.map((s) => [s.updater, s.recordCount, s.fingerprint]),
        [
          ["a", 3, "a2"],
          ["b", 5, "b1"],
        ],
      );
      assert.equal(st[0]!.lastRun.recordCount, 3);
      assert.equal(await store.replaceAdvisories(makeRun("a", "a3", "changed", T2), []), 0);
      assert.equal(await store.countAdvisories(), 5);
    });

    it("status and fingerprint follow runs per updater; unchanged and failed runs touch no data", async () => {
      await store.replaceAdvisories(makeRun("debian", "etag-1", "changed", T0), manyAdvisories(4));
      const before = await store.find([{ namespace: "debian:12", packageName: "pkg0", packageKind: "source" }]);
      await store.recordRun(makeRun("debian", "etag-1", "unchanged", T1));
      await store.recordRun(makeRun("alpine", null, "failed", T2, { error: "feed truncated" }));
      await store.recordRun(makeRun("debian", "etag-2", "failed", T3, { error: "HTTP 500", recordCount: 7 }));

      assert.equal(await store.fingerprint("debian"), "etag-1");
      assert.equal(await store.fingerprint("alpine"), null);
      assert.equal(await store.countAdvisories(), 4);
      assert.deepEqual(await store.find([{ namespace: "debian:12", packageName: "pkg0", packageKind: "source" }]), before);
      assert.deepEqual(await store.status(), [
        {
          updater: "alpine",
          lastRun: makeRun("alpine", null, "failed", T2, { error: "feed truncated" }),
          lastChangedAt: null,
          fingerprint: null,
          recordCount: 0,
        },
        {
          updater: "debian",
          lastRun: makeRun("debian", "etag-2", "failed", T3, { error: "HTTP 500", recordCount: 7 }),
          lastChangedAt: T0,
          fingerprint: "etag-1",
          recordCount: 4,
        },
      ]);
      await assert.rejects(store.recordRun(makeRun("debian", "x", "changed", T3)), TypeError);
    });

    it("migrate is idempotent, also from a second connection", async () => {
      await store.replaceAdvisories(makeRun("debian", "fp", "changed", T0), manyAdvisories(3));
      await store.migrate();
      await store.migrate();
      const other = await open();
      await other.migrate();
      assert.equal(await other.countAdvisories(), 3);
      assert.equal(await store.fingerprint("debian"), "fp");
    });

    it("an iterable that throws halfway rolls back: the error is the caller's and the old data stays", async () => {
      await store.replaceAdvisories(makeRun("debian", "old", "changed", T0), manyAdvisories(2500));
      const oldRows = await store.find([{ namespace: "debian:12", packageName: "pkg10", packageKind: "source" }]);
      const truncated = new Error("unexpected end of JSON input");
      function* feed(): Generator<Advisory> {
        for (let i = 0; i < 5000; i++) {
          if (i === 2600) throw truncated;
          yield makeAdvisory(i, { fixedVersion: "new" });
        }
      }
      await assert.rejects(store.replaceAdvisories(makeRun("debian", "new", "changed", T1), feed()), (e) => e === truncated);
      assert.equal(await store.countAdvisories(), 2500);
      assert.deepEqual(await store.find([{ namespace: "debian:12", packageName: "pkg10", packageKind: "source" }]), oldRows);
      assert.equal(await store.fingerprint("debian"), "old");
      const [st] = await store.status();
      assert.equal(st?.lastRun.fingerprint, "old");
      assert.equal(st?.recordCount, 2500);
    });

    it("refuses a record of another updater, rolling back", async () => {
      await store.replaceAdvisories(makeRun("debian", "old", "changed", T0), manyAdvisories(10));
      await assert.rejects(
        store.replaceAdvisories(makeRun("debian", "new", "changed", T1), [makeAdvisory(1), makeAdvisory(2, { updater: "alpine" })]),
        (e) => e instanceof TypeError && /belongs to updater alpine/.test(e.message),
      );
      assert.equal(await store.countAdvisories(), 10);
      assert.equal(await store.fingerprint("debian"), "old");
    });

    it("a database error midway (a record the schema rejects) rolls back as DB_ERROR", async () => {
      await store.replaceAdvisories(makeRun("debian", "old", "changed", T0), manyAdvisories(10));
      const bad = { ...makeAdvisory(5), status: "vulnerable" } as unknown as Advisory;
      await assert.rejects(
        store.replaceAdvisories(makeRun("debian", "new", "changed", T1), [makeAdvisory(1), bad]),
        (e) => e instanceof FatalError && e.code === "DB_ERROR" && !e.message.includes("\n"),
      );
      assert.equal(await store.countAdvisories(), 10);
      assert.equal(await store.fingerprint("debian"), "old");
    });

    it("a process SIGKILLed mid-replace leaves the previous data readable and intact", { timeout: 120_000 }, async () => {
      await store.replaceAdvisories(makeRun("big", "before-crash", "changed", T0), manyAdvisories(20_000, { updater: "big" }));
      await store.replaceAdvisories(
        makeRun("other", "o1", "changed", T0),
        manyAdvisories(100, { updater: "other", namespace: "alpine:3.9", packageKind: "binary" }),
      );
      const q = [{ namespace: "debian:12", packageName: "pkg100", packageKind: "source" as const }];
      const oldRows = await store.find(q);
      assert.equal(oldRows.length, 2);

      const child = spawn(process.execPath, ["--import", "tsx", crashChild, target.spec, "big", "60000", "40000"], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
      const lines = createInterface({ input: child.stdout });
      const first = await new Promise<string>((resolve) => {
        lines.once("line", resolve);
        void exited.then(() => resolve("(exited)"));
      });
      assert.equal(first, "inserted 40000", `child did not reach the kill point: ${stderr}`);

      // A concurrent reader while the child's transaction is open sees the old set.
      assert.equal(await store.countAdvisories(), 20_100);
      if (target.openWriteProbe) assert.equal(await target.openWriteProbe(), true, "the child's write was not in progress");
      child.kill("SIGKILL");
      assert.equal(await exited, "SIGKILL");

      await store.close();
      store = await openStore(target.spec, {});
      assert.equal(await store.countAdvisories(), 20_100);
      assert.deepEqual(await store.find(q), oldRows);
      assert.equal(await store.fingerprint("big"), "before-crash");
      assert.deepEqual(
        (await store.status()).map((s) => [s.updater, s.recordCount, s.lastRun.fingerprint]),
        [
          ["big", 20_000, "before-crash"],
          ["other", 100, "o1"],
        ],
      );
      // Nothing the dead writer held (locks, half a transaction) blocks the next update.
      assert.equal(await store.replaceAdvisories(makeRun("big", "after-crash", "changed", T1), manyAdvisories(50, { updater: "big" })), 50);
      assert.equal(await store.countAdvisories(), 150);
    });
  });
}
