import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { buildLayeredTree, createOciArchiveSource } from "../../image/index.js";
import { indexImage } from "../../indexer/index-image.js";
import { osvToAdvisories, parseOsvRecord } from "../../formats/osv/index.js";
import { sharedPath } from "../../../test/support/shared.js";
import { golang } from "./index.js";
import { buildInfoOf, goBuildInfoProbe, packagesOfBuildInfo } from "./binary-scanner.js";
import { readGoBuildInfo } from "./buildinfo.js";
import { elfLoadSegments } from "../../formats/elf.js";
import { packagesOfGoMod, parseGoMod } from "./gomod-scanner.js";
import { goMatcher } from "./matcher.js";
import { formatGoVersionM, parseModInfo } from "./modinfo.js";
import { compareGoVersions, goVersionScheme, stdlibVersion } from "./version.js";

const BIN_DIR = sharedPath("fixtures/pkgdb/gobinary/trivy");
const GO_OSV = sharedPath("fixtures/vulndata/osv/go");

for (const name of readdirSync(BIN_DIR).filter((n) => n.endsWith(".elf"))) {
  test(`${name}: build info renders exactly as 'go version -m' printed it`, () => {
    const info = readGoBuildInfo(readFileSync(join(BIN_DIR, name)));
    assert.ok(info, "no build info found");
    const want = readFileSync(join(BIN_DIR, `${name}.expected.go-version-m.txt`), "utf8");
    assert.equal(formatGoVersionM(name, info.goVersion, parseModInfo(info.modinfo)), want);
  });
}

test("test.elf (go1.15, pointer layout): stdlib and three pseudo-versioned deps; the (devel) main module is left out", () => {
  const info = readGoBuildInfo(readFileSync(join(BIN_DIR, "test.elf")))!;
  const pkgs = packagesOfBuildInfo(info, "test.elf");
  assert.deepEqual(
    pkgs.map((p) => p.purl),
    [
      "pkg:golang/stdlib@v1.15.2",
      "pkg:golang/github.com/aquasecurity/go-pep440-version@v0.0.0-20210121094942-22b2f8951d46",
      "pkg:golang/github.com/aquasecurity/go-version@v0.0.0-20210121072130-637058cfe492",
      "pkg:golang/golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1",
    ],
  );
});

test("without a section table, the build info is found at the start of the first writable segment, as Go finds it", () => {
  for (const name of ["test.elf", "main-version-via-ldflags.elf"]) {
    const elf = readFileSync(join(BIN_DIR, name));
    const want = readGoBuildInfo(elf);
    // e_shoff and e_shnum zeroed: the file no longer names its sections (ELF64, little-endian).
    const bare = Buffer.from(elf);
    bare.writeBigUInt64LE(0n, 40);
    bare.writeUInt16LE(0, 60);
    assert.deepEqual(readGoBuildInfo(bare), want, name);
    // It was found where Go's reader looks: within the file bytes of that segment.
    const seg = elfLoadSegments(bare).find((l) => (l.flags & 3) === 2)!;
    const magic = bare.indexOf("\xff Go buildinf:", seg.offset, "latin1");
    assert.ok(magic >= seg.offset && magic < seg.offset + seg.filesz, name);
  }
});

test("non-Go and damaged inputs yield no build info and never throw", () => {
  const elf = readFileSync(join(BIN_DIR, "test.elf"));
  assert.equal(readGoBuildInfo(Buffer.from("#!/bin/sh\necho hi\n".repeat(100))), undefined);
  assert.equal(readGoBuildInfo(elf.subarray(0, 4096)), undefined);
  assert.equal(readGoBuildInfo(Buffer.alloc(0)), undefined);
  assert.equal(goBuildInfoProbe.run(elf.subarray(0, 200_000), "x"), undefined);
});

test("modinfo: => replace lines apply to the preceding dep", () => {
  const mod = parseModInfo(
    "path\tex.com/m\nmod\tex.com/m\tv1.0.0\th1:x\ndep\tgithub.com/a/b\tv1.0.0\th1:y\n=>\tgithub.com/c/b\tv1.1.0\th1:z\ndep\tex.com/local\tv0.0.0\n=>\t../local\t\n",
  );
  const pkgs = packagesOfBuildInfo({ goVersion: "go1.21.3", modinfo: "" }, "b");
  assert.deepEqual(
    pkgs.map((p) => `${p.name}@${p.version}`),
    ["stdlib@v1.21.3"],
  );
  const withMods = packagesOfBuildInfo(
    {
      goVersion: "go1.21.3",
      modinfo: formatGoVersionM("x", "go1.21.3", mod)
        .split("\n")
        .slice(1)
        .map((l) => l.slice(1))
        .join("\n"),
    },
    "b",
  );
  assert.deepEqual(
    withMods.map((p) => `${p.name}@${p.version}`),
    ["stdlib@v1.21.3", "ex.com/m@v1.0.0", "github.com/c/b@v1.1.0"],
  );
});

test("go.mod: module, require (single and block, indirect), versioned and local replaces", () => {
  const mod = parseGoMod(readFileSync(new URL("./testdata/go.mod", import.meta.url), "utf8"));
  assert.equal(mod.module, "example.com/app");
  assert.equal(mod.requires.find((r) => r.path === "golang.org/x/text")?.indirect, true);
  assert.deepEqual(
    mod.replaces.map((r) => [r.oldPath, r.newPath, r.newVersion]),
    [
      ["github.com/old/lib", "github.com/new/lib", "v1.2.3"],
      ["example.com/local", "../local", null],
    ],
  );
  assert.deepEqual(
    packagesOfGoMod(mod, "go.mod").map((p) => `${p.name}@${p.version}`),
    ["github.com/pkg/errors@v0.9.1", "golang.org/x/text@v0.3.7", "github.com/new/lib@v1.2.3", "github.com/docker/docker@v20.10.7+incompatible"],
  );
});

test("go-semver: v prefix optional, pre-releases and pseudo-versions, +incompatible, toolchain versions", () => {
  const ordered = [
    "v0.0.0-20190101000000-aaaaaaaaaaaa",
    "v0.0.0-20200101000000-abcdef123456",
    "v0.1.0",
    "1.16.0-0",
    "v1.16.0-rc.1",
    "go1.16",
    "1.16.1",
    "v1.19.8",
    "go1.20rc2",
    "1.20.0",
    "v1.20.1-0.20230101000000-abcdef123456",
    "v1.20.1",
    "v2.0.0+incompatible",
    "v20.10.7+incompatible",
  ];
  for (let i = 0; i < ordered.length; i++) {
    for (let j = 0; j < ordered.length; j++) {
      const c = Math.sign(compareGoVersions(ordered[i]!, ordered[j]!));
      assert.equal(c, Math.sign(i - j), `${ordered[i]} vs ${ordered[j]}`);
    }
  }
  assert.equal(compareGoVersions("go1.19.8", "v1.19.8"), 0);
  assert.equal(compareGoVersions("v1.2.3+incompatible", "v1.2.3"), 0);
  assert.equal(goVersionScheme.isValid("v1.2"), true);
  assert.equal(goVersionScheme.isValid("latest"), false);
  assert.equal(stdlibVersion("go1.19.8"), "v1.19.8");
  assert.equal(stdlibVersion("go1.21rc2"), "v1.21.0-rc.2");
  assert.equal(stdlibVersion("devel go1.22-abc"), undefined);
});

function advisoriesOf(file: string): Advisory[] {
  const parsed = parseOsvRecord(JSON.parse(readFileSync(join(GO_OSV, file), "utf8")));
  assert.ok(parsed.ok);
  return osvToAdvisories(parsed.record, { namespaceOf: (e) => (e === "Go" ? "osv:Go" : undefined), versionScheme: "go-semver", updater: "osv/go" });
}

function goPkg(name: string, version: string): Package {
  return {
    name,
    version,
    type: "golang",
    arch: null,
    source: null,
    purl: `pkg:golang/${name}@${version}`,
    layer: `sha256:${"0".repeat(64)}`,
    foundIn: "usr/bin/x",
  };
}

test("matcher: stdlib inside a GO-2023-1987 range is affected, at a fixed version it is not", () => {
  const advs = advisoriesOf("GO-2023-1987.json");
  const affected = (v: string): boolean => advs.some((a) => goMatcher.isAffected(goPkg("stdlib", v), a));
  assert.equal(affected("v1.19.8"), true);
  assert.equal(affected("v1.19.12"), false);
  assert.equal(affected("v1.20.6"), true);
  assert.equal(affected("v1.20.7"), false);
  assert.equal(affected("v1.21.0-rc.3"), true);
  assert.equal(affected("v1.21.0"), false);
  assert.deepEqual(goMatcher.queries(goPkg("stdlib", "v1.19.8"), null), [{ namespace: "osv:Go", packageName: "stdlib", packageKind: "binary" }]);
  assert.equal(goMatcher.handles(goPkg("stdlib", "v1.19.8"), null), true);
  const gin = advisoriesOf("GO-2020-0001.json");
  assert.equal(goMatcher.isAffected(goPkg("github.com/gin-gonic/gin", "v1.5.0"), gin[0]!), true);
  assert.equal(goMatcher.isAffected(goPkg("github.com/gin-gonic/gin", "v1.6.0"), gin[0]!), false);
});

test("bookworm-multilayer: /usr/bin/fzf (Debian GOPATH build) yields stdlib v1.19.8 via the probe, attributed to its layer", async () => {
  const source = createOciArchiveSource(sharedPath("images", "debian-bookworm.oci.tar"), "bookworm-multilayer");
  try {
    const report = await indexImage(source, {
      platform: { os: "linux", architecture: "amd64" },
      distributionScanners: [],
      packageScanners: golang.packageScanners,
      buildTree: buildLayeredTree,
      maxFileSize: 64 * 1024 * 1024,
    });
    const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
    assert.deepEqual(
      report.packages.map((p) => [p.name, p.version, p.purl, p.foundIn, p.layer]),
      [["stdlib", "v1.19.8", "pkg:golang/stdlib@v1.19.8", "usr/bin/fzf", image.layers[1]!.diffId]],
    );
    const tree = await buildLayeredTree(source, image, { wants: [], maxFileSize: 1 << 26, probes: [goBuildInfoProbe] });
    const info = buildInfoOf(tree.stat("usr/bin/fzf")?.probes);
    assert.equal(info?.goVersion, "go1.19.8");
    assert.equal(parseModInfo(info?.modinfo ?? "").path, "github.com/junegunn/fzf");
    assert.equal(tree.at(0).stat("usr/bin/fzf"), undefined);
  } finally {
    await source.close();
  }
});
