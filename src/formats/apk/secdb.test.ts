import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { isFatalError } from "../../core/problem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { parseSecdb, secfixIds } from "./secdb.js";
import { secdbAdvisories } from "./secdb-advisories.js";

const FEEDS = [
  "alpine/secdb-yaml/v3.5/main.yaml",
  "alpine/secdb-yaml/v3.5/community.yaml",
  "alpine/secdb-yaml/v3.9/main.yaml",
  "alpine/secdb-yaml/v3.9/community.yaml",
  "alpine/secdb-yaml/v3.10/main.yaml",
  "alpine/secdb-yaml/v3.10/community.yaml",
  "alpine/secdb-yaml/v3.11/main.yaml",
  "alpine/secdb-yaml/v3.11/community.yaml",
  "alpine/secdb-json/v3.10/community.json",
  "wolfi/secdb/security.json",
  "chainguard/secdb/security.json",
] as const;

const read = (f: string): Buffer => readFileSync(sharedPath("fixtures", "vulndata", f));

/** Counts secfix entries with a generic decoder, independent of our schema. */
function rawEntryCount(f: string): number {
  const text = read(f).toString("utf8");
  const doc = (f.endsWith(".json") ? JSON.parse(text) : parseYaml(text)) as { packages: { pkg: { secfixes?: Record<string, string[] | null> } }[] };
  return doc.packages.reduce((n, p) => n + Object.values(p.pkg.secfixes ?? {}).reduce((m, l) => m + (l?.length ?? 0), 0), 0);
}

describe("parseSecdb on real feeds", () => {
  for (const f of FEEDS) {
    it(`${f}: every entry becomes a fix or a reported problem`, () => {
      const { document, problems } = parseSecdb(read(f), f);
      assert.equal(document.format, f.endsWith(".json") ? "json" : "yaml");
      const fixes = document.packages.reduce((n, p) => n + p.fixes.length, 0);
      const dropped = problems.filter((p) => p.kind === "bad-feed-record" && !p.detail.includes("invalid fixed version")).length;
      const droppedByVersion = problems
        .filter((p) => p.kind === "bad-feed-record" && p.detail.includes("invalid fixed version"))
        .map((p) => (p.kind === "bad-feed-record" ? /^(\S+): invalid fixed version '(.*)'$/.exec(p.detail) : null))
        .reduce((n, m) => n + entriesUnder(f, m![1]!, m![2]!), 0);
      assert.equal(fixes + dropped + droppedByVersion, rawEntryCount(f));
      assert.ok(fixes > 0);
    });
  }

  it("reads the header of YAML and JSON documents", () => {
    const y = parseSecdb(read("alpine/secdb-yaml/v3.9/main.yaml"), "x").document;
    assert.deepEqual([y.distroversion, y.reponame, y.urlprefix], ["v3.9", "main", "http://dl-cdn.alpinelinux.org/alpine"]);
    const j = parseSecdb(read("alpine/secdb-json/v3.10/community.json"), "x").document;
    assert.deepEqual([j.distroversion, j.reponame], ["v3.10", "community"]);
    assert.deepEqual(j.packages.find((p) => p.name === "chicken")?.fixes, [
      { id: "CVE-2017-6949", aliases: [], version: "4.12.0-r3" },
      { id: "CVE-2017-9334", aliases: [], version: "4.12.0-r2" },
      { id: "CVE-2016-6830", aliases: [], version: "4.11.1-r0" },
      { id: "CVE-2016-6831", aliases: [], version: "4.11.1-r0" },
    ]);
  });

  it("xen's `4.10-1-r1` in v3.9 is not an apk version: reported, not guessed", () => {
    const { problems } = parseSecdb(read("alpine/secdb-yaml/v3.9/main.yaml"), "alpine/v3.9/main");
    assert.deepEqual(problems, [{ kind: "bad-feed-record", updater: "alpine/v3.9/main", detail: "xen: invalid fixed version '4.10-1-r1'" }]);
  });
});

/** How many entries a package lists under one version, read generically. */
function entriesUnder(f: string, name: string, version: string): number {
  const doc = parseYaml(read(f).toString("utf8"), { schema: "failsafe" }) as { packages: { pkg: { name: string; secfixes: Record<string, string[]> } }[] };
  return doc.packages.filter((p) => p.pkg.name === name).reduce((n, p) => n + (p.pkg.secfixes[version]?.length ?? 0), 0);
}

describe("secfix entries", () => {
  it("keeps every id, primary first, and drops notes and placeholders", () => {
    assert.deepEqual(secfixIds("CVE-2018-7540 XSA-252"), ["CVE-2018-7540", "XSA-252"]);
    assert.deepEqual(secfixIds("CVE-2017-14450 TALOS-2017-0499"), ["CVE-2017-14450", "TALOS-2017-0499"]);
    assert.deepEqual(secfixIds("CVE-????-?????  XSA-295"), ["XSA-295"]);
    assert.deepEqual(secfixIds("CVE-2019-15167 (VRRP)"), ["CVE-2019-15167"]);
    assert.deepEqual(secfixIds("CVE 2018-16859"), ["CVE-2018-16859"]);
    assert.deepEqual(secfixIds("CVE_2019-2426"), ["CVE-2019-2426"]);
    assert.deepEqual(secfixIds("CVE-2017-8073.patch"), ["CVE-2017-8073"]);
    assert.deepEqual(secfixIds("wnpa-sec-2017-18"), ["wnpa-sec-2017-18"]);
    assert.deepEqual(secfixIds("nothing here"), []);
  });

  it("aliases reach the advisories", () => {
    const { document } = parseSecdb(read("alpine/secdb-yaml/v3.9/main.yaml"), "x");
    const xen = secdbAdvisories(document, { namespace: "alpine:3.9", updater: "x", link: (id) => id }).filter((a) => a.packageName === "xen");
    assert.ok(xen.some((a) => a.aliases.length > 0 && a.aliases.every((x) => x.startsWith("XSA-"))));
  });

  it("version 0 means never affected; a real version means fixed there", () => {
    const { document } = parseSecdb(read("wolfi/secdb/security.json"), "wolfi");
    const advisories = secdbAdvisories(document, { namespace: "wolfi:rolling", updater: "wolfi", link: (id) => id });
    const coreutils = advisories.find((a) => a.packageName === "coreutils" && a.id === "CVE-2016-2781");
    assert.equal(coreutils?.status, "not_affected");
    assert.equal(coreutils?.fixedVersion, null);
    const brotli = advisories.find((a) => a.packageName === "brotli");
    assert.deepEqual([brotli?.status, brotli?.fixedVersion], ["fixed", "1.0.9-r0"]);
  });

  it("an id listed under two versions keeps the lowest (first fixed) one", () => {
    const body = JSON.stringify({ packages: [{ pkg: { name: "p", secfixes: { "1.2-r1": ["CVE-1-1"], "1.10-r0": ["CVE-1-1 XSA-9"] } } }] });
    const [a, ...rest] = secdbAdvisories(parseSecdb(body, "t").document, { namespace: "n", updater: "t", link: (id) => id });
    assert.equal(rest.length, 0);
    assert.deepEqual([a!.fixedVersion, a!.aliases], ["1.2-r1", ["XSA-9"]]);
  });
});

describe("bad feeds", () => {
  it("bad records become problems while the rest is kept", () => {
    const body = JSON.stringify({
      distroversion: "v3.9",
      packages: [
        { pkg: { name: "ok", secfixes: { "1.0-r0": ["CVE-2020-1"] } } },
        { pkg: { secfixes: {} } },
        "junk",
        { pkg: { name: "x", secfixes: { "1.0-r0": ["no id"] } } },
      ],
    });
    const { document, problems } = parseSecdb(body, "t");
    assert.deepEqual(
      document.packages.map((p) => p.name),
      ["ok", "x"],
    );
    assert.equal(problems.length, 3);
    assert.ok(problems.every((p) => p.kind === "bad-feed-record" && p.updater === "t"));
  });

  it("a truncated JSON body is FEED_INVALID", () => {
    const body = read("alpine/secdb-json/v3.10/community.json");
    assert.throws(
      () => parseSecdb(body.subarray(0, Math.floor(body.length / 2)), "alpine/v3.10/community"),
      (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID" && /truncated/.test(e.message),
    );
  });

  it("a YAML body cut before its packages, or broken YAML, is FEED_INVALID", () => {
    const head = read("alpine/secdb-yaml/v3.9/main.yaml").subarray(0, 120);
    assert.throws(
      () => parseSecdb(head, "t"),
      (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID",
    );
    assert.throws(
      () => parseSecdb("packages:\n  - pkg:\n      name: [unclosed\n", "t"),
      (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID",
    );
    assert.throws(
      () => parseSecdb("", "t"),
      (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID",
    );
  });

  it("a YAML body cut mid-line is FEED_INVALID, though what is left still parses as YAML", () => {
    const body = read("alpine/secdb-yaml/v3.9/main.yaml");
    for (const at of [0.25, 0.5, 0.98]) {
      let cut = Math.floor(body.length * at);
      while (body[cut - 1] === 0x0a) cut -= 1;
      const head = body.subarray(0, cut);
      assert.doesNotThrow(() => parseYaml(head.toString("utf8"), { schema: "failsafe" }));
      assert.throws(
        () => parseSecdb(head, "alpine/v3.9/main"),
        (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID" && /truncated/.test(e.message),
      );
    }
  });
});
