import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Distribution } from "../../core/distribution.js";
import { claro } from "../../../test/support/claro.js";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { sharedPath } from "../../../test/support/shared.js";
import { contentSetsOfDistribution, readContentSets, streamOfContentSet } from "./content-sets.js";
import { rhelDistributionScanner } from "./distribution-scanner.js";
import { applicableNamespaces } from "./streams.js";

const here = (...p: string[]): string => join(import.meta.dirname, "testdata", ...p);
const csafDir = sharedPath("fixtures", "vulndata", "redhat", "csaf-advisories");
const rpmdb = sharedPath("fixtures", "pkgdb", "rpmdb", "sqlite", "cbl-mariner-2.0", "rpmdb.sqlite");
const dist = (versionId: string): Distribution => ({ id: "rhel", versionId, codename: null, prettyName: null });

test("repository names → stream: main, pinned with the __M_DOT_N minor, ELS, UBI; other products are not RHEL streams", () => {
  const s = (name: string): string => {
    const r = streamOfContentSet(name);
    return r === null ? "-" : `${r.major} ${r.stream} ${r.minor ?? ""} ${r.variant}`.replace("  ", " ");
  };
  assert.equal(s("rhel-9-for-x86_64-baseos-rpms"), "9 main baseos");
  assert.equal(s("rhel-9-for-aarch64-appstream-source-rpms"), "9 main appstream");
  assert.equal(s("rhel-9-for-x86_64-baseos-eus-rpms__9_DOT_2"), "9 eus 2 baseos");
  assert.equal(s("rhel-8-for-x86_64-appstream-eus-rpms"), "8 eus appstream");
  assert.equal(s("rhel-8-for-x86_64-sap-solutions-e4s-rpms__8_DOT_6"), "8 e4s 6 sap-solutions");
  assert.equal(s("codeready-builder-for-rhel-9-x86_64-eus-rpms__9_DOT_4"), "9 eus 4 crb");
  assert.equal(s("rhel-7-server-rpms"), "7 main server");
  assert.equal(s("rhel-7-server-optional-rpms"), "7 main server-optional");
  assert.equal(s("rhel-7-server-els-rpms"), "7 els server");
  assert.equal(s("ubi-8-appstream-rpms"), "8 main appstream");
  assert.equal(s("rhocp-4.14-for-rhel-9-x86_64-rpms"), "-");
  assert.equal(s("epel-9-x86_64"), "-");
  // A suffix naming another major than the repository is not trusted.
  assert.equal(s("rhel-9-for-x86_64-baseos-eus-rpms__8_DOT_2"), "-");
});

test("content sets → namespaces: pinned first, then main; none (or only foreign ones) fall back to the major; ELS stays for 6 and 7", () => {
  assert.deepEqual(applicableNamespaces(dist("9.3")), ["rhel:9"]);
  assert.deepEqual(applicableNamespaces(dist("9.3"), ["rhel-9-for-x86_64-baseos-rpms", "rhel-9-for-x86_64-appstream-rpms"]), ["rhel:9"]);
  assert.deepEqual(applicableNamespaces(dist("9.2"), ["rhel-9-for-x86_64-baseos-eus-rpms__9_DOT_2", "rhocp-4.14-for-rhel-9-x86_64-rpms"]), [
    "rhel-eus:9.2",
    "rhel:9",
  ]);
  // Without the suffix the minor comes from os-release.
  assert.deepEqual(applicableNamespaces(dist("8.6"), ["rhel-8-for-x86_64-baseos-e4s-rpms"]), ["rhel-e4s:8.6", "rhel:8"]);
  assert.deepEqual(applicableNamespaces(dist("9.2"), ["rhocp-4.14-for-rhel-9-x86_64-rpms"]), ["rhel:9"]);
  assert.deepEqual(applicableNamespaces(dist("9.2"), ["rhel-8-for-x86_64-baseos-eus-rpms__8_DOT_8"]), ["rhel:9"], "another major's repository adds nothing");
  assert.deepEqual(applicableNamespaces(dist("7.9"), ["rhel-7-server-rpms"]), ["rhel:7", "rhel-els:7"]);
  assert.deepEqual(applicableNamespaces(dist("7.9"), ["rhel-7-server-els-rpms"]), ["rhel-els:7", "rhel:7"]);
});

test("manifests of every layer are united; a broken manifest is a problem and the others still count", () => {
  const files: Record<string, Buffer> = { "etc/os-release": readFileSync(here("os-release", "rhel-9.2")) };
  for (const name of readdirSync(here("content-manifests", "eus-9.2")))
    files[`root/buildinfo/content_manifests/${name}`] = readFileSync(here("content-manifests", "eus-9.2", name));
  files["root/buildinfo/content_manifests/broken-1-1.json"] = Buffer.from('{"content_sets": ["rhel-9-for');
  files["root/buildinfo/content_manifests/odd-1-1.json"] = Buffer.from('{"content_sets": "rhel-9-for-x86_64-baseos-rpms"}');
  files["root/buildinfo/Dockerfile-ubi9-9.2-489"] = Buffer.from('LABEL "com.redhat.component"="ubi9-container"');
  const tree = memoryTree(files);
  const read = readContentSets(tree);
  assert.deepEqual(read.contentSets, [
    "rhel-9-for-x86_64-appstream-eus-rpms__9_DOT_2",
    "rhel-9-for-x86_64-baseos-eus-rpms__9_DOT_2",
    "rhocp-4.14-for-rhel-9-x86_64-rpms",
  ]);
  assert.deepEqual(
    read.problems.map((p) => (p.kind === "malformed-record" ? p.path : "")),
    ["root/buildinfo/content_manifests/broken-1-1.json", "root/buildinfo/content_manifests/odd-1-1.json"],
  );
  const { found, problems } = rhelDistributionScanner.scan(tree);
  assert.equal(problems.length, 2);
  assert.deepEqual(contentSetsOfDistribution(found[0]!), read.contentSets);
  assert.ok(rhelDistributionScanner.wants.includes("root/buildinfo/content_manifests/*.json"));
});

/** A rootfs: os-release, the content manifests of one testdata set (or none), the real SQLite rpmdb. */
function rootfs(tmp: string, name: string, osRelease: string, manifests: string | null): string {
  const root = join(tmp, name);
  mkdirSync(join(root, "etc"), { recursive: true });
  mkdirSync(join(root, "var", "lib", "rpm"), { recursive: true });
  cpSync(here("os-release", osRelease), join(root, "etc", "os-release"));
  cpSync(rpmdb, join(root, "var", "lib", "rpm", "rpmdb.sqlite"));
  if (manifests !== null) cpSync(here("content-manifests", manifests), join(root, "root", "buildinfo", "content_manifests"), { recursive: true });
  return root;
}

test("CLI: content sets pick the stream — a main-stream image gets the main fix and no EUS one, a 9.2 EUS image its EUS fix", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "claro-rhel-cs-"));
  const db = `sqlite:${join(tmp, "claro.sqlite")}`;
  const update = await claro(["db", "update", "--db", db, "--source", `rhel=${csafDir}`]);
  assert.equal(update.code, 0, update.stderr);
  type Report = {
    distribution: { versionId: string };
    vulnerabilities: { id: string; package: { name: string }; fixedVersion: string | null; namespace: string; aliases: string[] }[];
  };
  const scan = async (root: string): Promise<string[]> => {
    const run = await claro(["scan", "--format", "json", "--db", db, `dir:${root}`]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    return report.vulnerabilities.map((v) => `${v.id} ${v.package.name} ${v.namespace} ${v.fixedVersion} ${v.aliases.join()}`).sort();
  };
  // RHSA-2024:0811 fixes sudo in rhel:9 (1.9.5p2-10.el9_3) and in EUS 9.0 and 9.2, each its own build.
  const main = await scan(rootfs(tmp, "main", "rhel-9.3", "main-9.3"));
  assert.deepEqual(
    main,
    ["CVE-2023-28486", "CVE-2023-28487", "CVE-2023-42465"].map((id) => `${id} sudo rhel:9 1.9.5p2-10.el9_3 RHSA-2024:0811`),
  );
  const eus = await scan(rootfs(tmp, "eus", "rhel-9.2", "eus-9.2"));
  assert.deepEqual(
    eus,
    ["CVE-2023-28486", "CVE-2023-28487", "CVE-2023-42465"].map((id) => `${id} sudo rhel-eus:9.2 1.9.5p2-9.el9_2.2 RHSA-2024:0811`),
  );
  assert.ok(![...main, ...eus].some((f) => /rhel-eus:9\.0|rhel-eus:8/.test(f)), "streams the image does not use are never reported");
  // The same 9.2 image without manifests falls back to the main stream (the EUS fix is not known to apply).
  const bare = await scan(rootfs(tmp, "bare", "rhel-9.2", null));
  assert.deepEqual(bare, main);
});
