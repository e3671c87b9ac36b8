import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { endOfLife } from "../../src/matcher/end-of-life.js";
import { claro } from "../support/claro.js";
import { sharedPath } from "../support/shared.js";

// Issue 11's acceptance, as a new user meets it: the quick-start database (Debian and Alpine
// feeds only) says what it did not check, the Go OSV feed fills that gap, an end-of-life release
// is named, and the common mistakes get errors that point to the fix. Real CLI, real images.
const ARCHIVE = sharedPath("images", "debian-bookworm.oci.tar");
const MULTILAYER = `oci-archive:${ARCHIVE}:bookworm-multilayer`;
const ALPINE = sharedPath("images", "alpine-3.9.6.docker.tar");
const DEBIAN_FEED = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
const ALPINE_FEED = sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml");
const GO_FEED = sharedPath("fixtures", "vulndata", "osv", "go");

interface Coverage {
  type: string;
  namespace: string | null;
  packages: number;
  matched: boolean;
  dataSources: { updater: string; updatedAt: string | null }[];
  reason: string | null;
  hint: string | null;
}
interface Report {
  distribution: { id: string; versionId: string; endOfLife?: string | null } | null;
  packages: { type: string }[];
  coverage: Coverage[];
  vulnerabilities: { id: string; package: { type: string } }[];
  problems: { kind: string; path: string | null; message: string }[];
}

let work: string;
let quickStart: string;
let withGo: string;
before(async () => {
  work = mkdtempSync(join(tmpdir(), "claro-first-hour-"));
  quickStart = `sqlite:${join(work, "quick.sqlite")}`;
  withGo = `sqlite:${join(work, "go.sqlite")}`;
  const feeds = ["--source", `debian=${DEBIAN_FEED}`, "--source", `alpine=${ALPINE_FEED}`];
  for (const [db, extra] of [
    [quickStart, []],
    [withGo, ["--source", `golang=${GO_FEED}`]],
  ] as const) {
    const r = await claro(["db", "update", "-q", "--db", db, ...feeds, ...extra]);
    assert.equal(r.code, 0, r.stderr);
  }
});
after(() => rmSync(work, { recursive: true, force: true }));

describe("first hour with claro (issue 11 acceptance)", () => {
  it("quick-start database: deb/debian:12 matched; npm (5) and golang (1) not matched, reason no-data; the table and stderr say so", async () => {
    const r = await claro(["scan", "--format", "json", "--db", quickStart, MULTILAYER]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Report;
    const byType = new Map(doc.coverage.map((c) => [c.type, c]));
    const deb = byType.get("deb");
    assert.equal(deb?.namespace, "debian:12");
    assert.equal(deb?.matched, true);
    assert.deepEqual(
      deb?.dataSources.map((s) => s.updater),
      ["debian"],
    );
    // The inventory, not a constant, says how many packages each entry covers.
    for (const [type, count] of [
      ["npm", 5],
      ["golang", 1],
    ] as const) {
      const c = byType.get(type);
      assert.deepEqual(
        { matched: c?.matched, reason: c?.reason, packages: c?.packages, hint: c?.hint },
        { matched: false, reason: "no-data", packages: count, hint: `claro db update --only ${type}` },
      );
      assert.equal(doc.packages.filter((p) => p.type === type).length, count);
    }
    assert.deepEqual(
      doc.vulnerabilities.filter((v) => v.package.type !== "deb"),
      [],
    );
    const warnings = r.stderr.split("\n").filter((l) => l.includes("NOT matched"));
    assert.deepEqual(warnings, [
      "claro: warning: 1 golang package NOT matched: the database has no data for them; run `claro db update --only golang`",
      "claro: warning: 5 npm packages NOT matched: the database has no data for them; run `claro db update --only npm`",
    ]);
    const table = await claro(["scan", "--format", "table", "-q", "--db", quickStart, MULTILAYER]);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.split("\n").filter((l) => l.includes("NOT matched"));
    assert.equal(lines.length, 2, table.stdout);
    assert.match(lines[0]!, /1 golang package NOT matched: .*claro db update --only golang/);
    assert.match(lines[1]!, /5 npm packages NOT matched: .*claro db update --only npm/);
  });

  it("with the Go OSV feed loaded too, golang is matched, naming that source and its age", async () => {
    const r = await claro(["scan", "--format", "json", "--db", withGo, MULTILAYER]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Report;
    const go = doc.coverage.find((c) => c.type === "golang");
    assert.equal(go?.matched, true);
    assert.equal(go?.reason, null);
    assert.deepEqual(
      go?.dataSources.map((s) => s.updater),
      ["osv/go"],
    );
    const updated = go?.dataSources[0]?.updatedAt ?? "";
    assert.ok(!Number.isNaN(Date.parse(updated)) && Date.parse(updated) <= Date.now(), updated);
    const status = await claro(["db", "status", "--format", "json", "--db", withGo]);
    assert.ok(status.stdout.includes(updated), "the age is the one db status records for osv/go");
    assert.ok(doc.vulnerabilities.some((v) => v.package.type === "golang"));
    assert.doesNotMatch(r.stderr, /golang package NOT matched/);
    assert.match(r.stderr, /5 npm packages NOT matched/);
  });

  it("Alpine 3.9.6 is past its end of life: distribution.endOfLife, a warning, and --exit-on-eol 3 exits 3", async () => {
    const ref = `docker-archive:${ALPINE}`;
    const r = await claro(["scan", "--format", "json", "--db", quickStart, ref]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Report;
    const expected = endOfLife({ id: "alpine", versionId: doc.distribution?.versionId ?? "" });
    assert.ok(expected !== null && expected < new Date().toISOString().slice(0, 10));
    assert.equal(doc.distribution?.endOfLife, expected);
    assert.match(r.stderr, new RegExp(`^claro: warning: Alpine Linux v3\\.9 reached its end of life on ${expected}: `, "m"));
    const eol = await claro(["scan", "--format", "json", "-q", "--exit-on-eol", "3", "--db", quickStart, ref]);
    assert.equal(eol.code, 3, eol.stderr);
    assert.equal((JSON.parse(eol.stdout) as Report).distribution?.endOfLife, expected);
  });

  it("a bare path: the docker-archive lists its 14 apk packages; the two-image OCI archive lists its refs in the error", async () => {
    const r = await claro(["sbom", "-q", ALPINE]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as Report).packages.filter((p) => p.type === "apk").length, 14);
    const refs = (
      JSON.parse(execFileSync("tar", ["-xOf", ARCHIVE, "index.json"], { encoding: "utf8" })) as { manifests: { annotations?: Record<string, string> }[] }
    ).manifests
      .map((m) => m.annotations?.["org.opencontainers.image.ref.name"])
      .filter((x): x is string => x !== undefined)
      .sort();
    assert.equal(refs.length, 2);
    const e = await claro(["sbom", "-q", ARCHIVE]);
    assert.equal(e.code, 2);
    assert.match(e.stderr, new RegExp(`^claro: error \\[AMBIGUOUS_IMAGE\\]: .*holds 2 images; name one with :REF \\(refs: ${refs.join(", ")}\\)$`, "m"));
    assert.match(e.stderr, /^claro: hint: /m);
  });

  it("a VEX statement that matches nothing is a warning and a problem in the report", async () => {
    const vex = join(work, "typo.vex.json");
    writeFileSync(
      vex,
      JSON.stringify({
        "@context": "https://openvex.dev/ns/v0.2.0",
        statements: [
          {
            vulnerability: { name: "CVE-2024-2875" },
            products: [{ "@id": "pkg:deb/debian/libexpat1" }],
            status: "not_affected",
            justification: "component_not_present",
          },
        ],
      }),
    );
    const r = await claro(["scan", "--format", "json", "--vex", vex, "--db", quickStart, MULTILAYER]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as Report;
    assert.ok(!doc.vulnerabilities.some((v) => v.id === "CVE-2024-2875"), "the statement's id is not a finding of this image");
    assert.deepEqual(
      doc.problems.filter((p) => p.kind === "unused-suppression").map((p) => [p.path, p.message.includes("VEX statement CVE-2024-2875")]),
      [[vex, true]],
    );
    assert.match(
      r.stderr,
      new RegExp(
        `^claro: warning: ${vex.replace(/[.]/g, "\\.")}: VEX statement CVE-2024-2875 \\(not_affected, pkg:deb/debian/libexpat1\\) matched no finding`,
        "m",
      ),
    );
  });
});
