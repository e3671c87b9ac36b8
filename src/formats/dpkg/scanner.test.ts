import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Distribution } from "../../core/distribution.js";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { adminDirWith } from "./testdata/image-status.js";
import { dpkgPackageScanner } from "./scanner.js";
import { layerFiles } from "./testdata/layer-files.js";

const BOOKWORM: Distribution = { id: "debian", versionId: "12", codename: "bookworm", prettyName: "Debian GNU/Linux 12 (bookworm)" };
const MINBASE_LAYER = "0757dcb6af1ab260b74b72a02f25c15916a4d904725b873cfd35420d788b4519";

test("bookworm-minbase: 88 packages, sources, purls and file lists agree with dpkg-query", async () => {
  const nodes = await layerFiles(
    sharedPath("images/debian-bookworm.oci.tar"),
    MINBASE_LAYER,
    (p) => p === "var/lib/dpkg/status" || /^var\/lib\/dpkg\/info\/[^/]+\.list$/.test(p),
  );
  const { found, problems } = dpkgPackageScanner.scan(memoryTree(nodes), { distribution: BOOKWORM });
  assert.deepEqual(problems, []);
  assert.equal(found.length, 88);

  // dpkg-query over the same status + info lists is the oracle for identity, source and files.
  const admin = adminDirWith(nodes["var/lib/dpkg/status"] as Buffer);
  for (const [path, content] of Object.entries(nodes)) {
    if (path.startsWith("var/lib/dpkg/info/")) writeFileSync(join(admin, "info", path.slice("var/lib/dpkg/info/".length)), content as Buffer);
  }
  const q = execFileSync(
    "dpkg-query",
    [`--admindir=${admin}`, "-W", "-f", "${binary:Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n"],
    { encoding: "utf8" },
  );
  const want = q.split("\n").filter(Boolean).sort();
  const got = found
    .map((p) =>
      [
        p.arch === "all" || !want.some((l) => l.startsWith(`${p.name}:`)) ? p.name : `${p.name}:${p.arch}`,
        p.version,
        p.arch,
        p.source?.name,
        p.source?.version,
      ].join("\t"),
    )
    .sort();
  assert.deepEqual(got, want);

  const script = 'for p in "$@"; do printf "=%s\\n" "$p"; dpkg-query --admindir="$ADMIN" -L "$p"; done';
  const listing = execFileSync("bash", ["-c", script, "bash", ...found.map((p) => p.name)], {
    encoding: "utf8",
    env: { ...process.env, ADMIN: admin },
    maxBuffer: 64 * 1024 * 1024,
  });
  const oracleFiles = new Map<string, string[]>();
  let current = "";
  for (const line of listing.split("\n")) {
    if (line.startsWith("=")) oracleFiles.set((current = line.slice(1)), []);
    else if (line.startsWith("/") && line !== "/.") oracleFiles.get(current)!.push(line);
  }
  for (const p of found) assert.deepEqual(p.files ?? [], oracleFiles.get(p.name), p.name);
  assert.ok(found.find((p) => p.name === "libc6")?.files?.includes("/lib/x86_64-linux-gnu/libc.so.6"));

  for (const p of found) {
    assert.equal(p.type, "deb");
    assert.equal(p.foundIn, "var/lib/dpkg/status");
    assert.match(p.purl, /^pkg:deb\/debian\/[^@]+@[^?]+\?arch=[a-z0-9]+&distro=debian-12/);
  }
  // Epoch, `+` and a binNMU source version, as written in the status file and encoded per purl-spec.
  const purlOf = (name: string): string | undefined => found.find((p) => p.name === name)?.purl;
  assert.equal(purlOf("bsdutils"), "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-5%2Bdeb12u3");
  assert.equal(purlOf("bash"), "pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2");
  assert.equal(purlOf("libaudit-common"), "pkg:deb/debian/libaudit-common@1:3.0.9-1?arch=all&distro=debian-12&upstream=audit");
});

test("distroless status.d: one package, sidecar files ignored, purl from the detected distribution", () => {
  const dir = sharedPath("fixtures/pkgdb/dpkg/syft/image-distroless-deb/var/lib/dpkg/status.d");
  const nodes = Object.fromEntries(readdirSync(dir).map((n) => [`var/lib/dpkg/status.d/${n}`, readFileSync(join(dir, n))]));
  const { found, problems } = dpkgPackageScanner.scan(memoryTree(nodes), {
    distribution: { id: "debian", versionId: "11", codename: "bullseye", prettyName: null },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(
    found.map((p) => [p.name, p.version, p.source, p.purl, p.foundIn]),
    [
      [
        "libsqlite3-0",
        "3.34.1-3",
        { name: "sqlite3", version: "3.34.1-3" },
        "pkg:deb/debian/libsqlite3-0@3.34.1-3?arch=arm64&distro=debian-11&upstream=sqlite3",
        "var/lib/dpkg/status.d/libsqlite3-0",
      ],
    ],
  );
});

test("a malformed stanza is a problem and the rest is still listed; no distribution → no distro qualifier", () => {
  const status =
    "Package: ok1\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\nPackage: bad\nStatus: install ok installed\n\nPackage: ok2\nStatus: install ok installed\nVersion: 2:3.4-5\nArchitecture: all\nSource: ok (3.4-5)\n";
  const tree = memoryTree({ "var/lib/dpkg/status": status, "var/lib/dpkg/info/ok1:amd64.list": "/.\n/usr\n/usr/bin/ok1\n" });
  const { found, problems } = dpkgPackageScanner.scan(tree, { distribution: null });
  assert.deepEqual(
    found.map((p) => [p.name, p.purl, p.files]),
    [
      ["ok1", "pkg:deb/debian/ok1@1.0?arch=amd64", ["/usr", "/usr/bin/ok1"]],
      ["ok2", "pkg:deb/debian/ok2@2:3.4-5?arch=all&upstream=ok%403.4-5", undefined],
    ],
  );
  assert.deepEqual(problems, [{ kind: "malformed-record", path: "var/lib/dpkg/status", line: 6, detail: "package bad has no Version field" }]);
});

test("an image without a dpkg database yields nothing", () => {
  assert.deepEqual(dpkgPackageScanner.scan(memoryTree({ "etc/os-release": "ID=alpine\n" }), { distribution: null }), { found: [], problems: [] });
});
