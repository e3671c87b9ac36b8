import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { dpkgQuery, imageStatus } from "./testdata/image-status.js";
import { type DpkgRecord, isStatusDEntry, parseDpkgStatus } from "./status.js";

const FIXTURES = sharedPath("fixtures/pkgdb/dpkg");
const QUERY_FORMAT = "${Package}\t${Version}\t${Architecture}\t${db:Status-Abbrev}\t${source:Package}\t${source:Version}\n";

/** dpkg's `db:Status-Abbrev` for an installed package: want letter, `i`, error flag. */
function abbrev(status: string | null): string {
  const [want, flag] = (status ?? "install ok installed").split(/\s+/);
  const w = { install: "i", hold: "h", deinstall: "r", purge: "p", unknown: "u" }[want ?? ""] ?? "?";
  return `${w}i${flag === "reinstreq" ? "R" : " "}`;
}

function asQueryLines(records: readonly DpkgRecord[]): string[] {
  return records.map((r) => [r.name, r.version, r.architecture ?? "", abbrev(r.status), r.source.name, r.source.version].join("\t")).sort();
}

/** Lines of dpkg-query output for installed packages only (second Status-Abbrev letter `i`). */
function installedOnly(lines: readonly string[]): string[] {
  return lines.filter((l) => l.split("\t")[3]?.[1] === "i").sort();
}

/** Minimal txtar reader (golang.org/x/tools/txtar): `-- name --` lines start each file. */
function readTxtar(text: string): Map<string, string> {
  const files = new Map<string, string>();
  let current: string | null = null;
  for (const line of text.split("\n")) {
    const m = /^-- (.+) --$/.exec(line);
    if (m) {
      current = m[1]!;
      files.set(current, "");
    } else if (current !== null) files.set(current, `${files.get(current)!}${line}\n`);
  }
  return files;
}

for (const name of ["debian-only", "postgresql", "texlive"]) {
  test(`claircore ${name}.status matches its dpkg-query expectation exactly`, () => {
    const path = join(FIXTURES, "claircore", `${name}.status`);
    const { records, problems } = parseDpkgStatus(readFileSync(path), path);
    const expected = readFileSync(`${path}.expected.dpkg-query.tsv`, "utf8")
      .split("\n")
      .filter((l) => l !== "");
    assert.deepEqual(problems, []);
    assert.ok(records.length > 0);
    assert.deepEqual(asQueryLines(records), installedOnly(expected));
  });
}

test("vcpkg.status (not a Debian database): versionless stanzas are problems, the rest is listed", () => {
  const path = join(FIXTURES, "claircore", "vcpkg.status");
  const { records, problems } = parseDpkgStatus(readFileSync(path), path);
  const text = readFileSync(path, "utf8");
  const stanzas = text.split(/\n\s*\n/).filter((s) => s.trim() !== "");
  const versionless = stanzas.filter((s) => !/^Version:/m.test(s));
  assert.ok(versionless.length > 0);
  assert.equal(problems.length, versionless.length);
  assert.equal(records.length, stanzas.length - versionless.length);
  for (const p of problems) assert.equal(p.kind, "malformed-record");
});

test("trivy valid.txtar status agrees with dpkg-query", () => {
  const status = readTxtar(readFileSync(join(FIXTURES, "trivy", "valid.txtar"), "utf8")).get("var/lib/dpkg/status");
  assert.ok(status);
  const { records, problems } = parseDpkgStatus(status, "var/lib/dpkg/status");
  assert.deepEqual(problems, []);
  assert.equal(records.length, 90, "91 stanzas, one of them deinstall/config-files");
  assert.deepEqual(asQueryLines(records), installedOnly(dpkgQuery(status, QUERY_FORMAT)));
});

test("syft image-dpkg status: one package, and the empty stanza is reported", () => {
  const path = join(FIXTURES, "syft", "image-dpkg", "var/lib/dpkg/status");
  const text = readFileSync(path, "utf8");
  const { records, problems } = parseDpkgStatus(text, path);
  assert.deepEqual(
    records.map((r) => `${r.name} ${r.version} ${r.source.name}`),
    ["libpam-runtime 1.1.8-3.6 pam"],
  );
  assert.deepEqual(
    problems.map((p) => p.kind),
    ["malformed-record"],
  );
});

test("real images: bookworm-minbase (88) and bookworm-multilayer (120) agree with dpkg-query", () => {
  const archive = sharedPath("images/debian-bookworm.oci.tar");
  for (const [ref, count] of [
    ["bookworm-minbase", 88],
    ["bookworm-multilayer", 120],
  ] as const) {
    const status = imageStatus(archive, ref);
    const { records, problems } = parseDpkgStatus(status, "var/lib/dpkg/status");
    assert.deepEqual(problems, [], ref);
    assert.equal(records.length, count, ref);
    assert.deepEqual(asQueryLines(records), installedOnly(dpkgQuery(status, QUERY_FORMAT)), ref);
    assert.ok(!records.some((r) => r.name === "tzdata") || ref === "bookworm-minbase", "tzdata was purged in layer 3");
  }
});

test("syft status.d entries: single, multiple, deinstall, corrupt, empty", () => {
  const dir = join(FIXTURES, "syft", "status.d");
  const parse = (name: string): ReturnType<typeof parseDpkgStatus> => parseDpkgStatus(readFileSync(join(dir, name)), `var/lib/dpkg/status.d/${name}`);

  const single = parse("single");
  assert.deepEqual(single.problems, []);
  assert.deepEqual(
    single.records.map((r) => [r.name, r.version, r.architecture, r.source]),
    [["apt", "1.8.2", "amd64", { name: "apt-dev", version: "1.8.2" }]],
  );

  const multiple = parse("multiple");
  assert.deepEqual(
    multiple.records.map((r) => `${r.name}@${r.version} src=${r.source.name}`),
    ["tzdata@2020a-0+deb10u1 src=tzdata-dev", "util-linux@2.33.1-0.1 src=util-linux"],
  );
  assert.deepEqual(
    multiple.problems.map((p) => (p.kind === "malformed-record" ? p.detail : p.kind)),
    ["stanza has no Package field", "package no-version has no Version field"],
  );

  const deinstall = parse("deinstall");
  assert.deepEqual(
    deinstall.records.map((r) => r.name),
    ["linux-image-6.14.0-1012-aws"],
  );
  assert.deepEqual(deinstall.problems, []);

  const corrupt = parse("corrupt");
  assert.deepEqual(corrupt.records, []);
  assert.equal(corrupt.problems.length, 1);
  assert.equal(corrupt.problems[0]?.kind === "malformed-record" ? corrupt.problems[0].line : null, 5);

  const empty = parse("empty");
  assert.deepEqual(empty.records, []);
  assert.deepEqual(
    empty.problems.map((p) => p.kind),
    ["malformed-record"],
  );

  // doc-examples holds dependency-syntax samples: five real stanzas plus bare `Package:` stubs
  // with no Version, each of which is a malformed record.
  const docs = parse("doc-examples");
  assert.deepEqual(
    docs.records.map((r) => r.name),
    ["mutt", "made-up-package-1", "made-up-package-2", "made-up-package-3", "made-up-package-4"],
  );
  assert.equal(docs.records[1]?.source.name, "glibc");
  assert.equal(docs.problems.length, 11);

  for (const name of ["libpam-runtime", "coreutils-relationships", "installed-size-4KB"]) {
    // Some of these carry `Package:`-only stubs for dependency targets; only those may be problems.
    const r = parse(name);
    assert.ok(r.records.length >= 1, name);
    for (const p of r.problems) assert.match(p.kind === "malformed-record" ? p.detail : "", /has no Version field$/, name);
  }
});

test("distroless status.d: entries without Status are installed; sidecar files are skipped", () => {
  const dir = join(FIXTURES, "syft", "image-distroless-deb", "var/lib/dpkg/status.d");
  const entries = readdirSync(dir).filter(isStatusDEntry);
  assert.deepEqual(entries, ["libsqlite3-0"]);
  const { records, problems } = parseDpkgStatus(readFileSync(join(dir, "libsqlite3-0")), "status.d/libsqlite3-0");
  assert.deepEqual(problems, []);
  assert.deepEqual(
    records.map((r) => [r.name, r.version, r.architecture, r.source, r.status]),
    [["libsqlite3-0", "3.34.1-3", "arm64", { name: "sqlite3", version: "3.34.1-3" }, null]],
  );
});

test("CRLF line endings, continuation lines and a broken stanza in the middle", () => {
  const text = [
    "Package: a",
    "Status: install ok installed",
    "Version: 1.0-1",
    "Description: x",
    " more",
    " .",
    "",
    "Package: broken",
    "Version: 2.0",
    "this line is garbage",
    "",
    "Package: c",
    "Status: hold ok installed",
    "Architecture: arm64",
    "Source: csrc (0.9-1)",
    "Version: 1:1.0",
    "",
  ].join("\r\n");
  const { records, problems } = parseDpkgStatus(text, "status");
  assert.deepEqual(
    records.map((r) => [r.name, r.version, r.architecture, r.source.name, r.source.version, r.line]),
    [
      ["a", "1.0-1", null, "a", "1.0-1", 1],
      ["c", "1:1.0", "arm64", "csrc", "0.9-1", 12],
    ],
  );
  assert.deepEqual(problems, [{ kind: "malformed-record", path: "status", line: 10, detail: "package broken: line is neither a field nor a continuation" }]);
});
