import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "node:test";
import { writeZip } from "../../formats/testdata/zip-writer.js";
import { buildLayeredTree, createDirSource } from "../../image/index.js";
import { sharedPath } from "../../../test/support/shared.js";
import { inspectArchive } from "./archive.js";
import { gradleLockScanner, parseGradleLockfile } from "./gradle-lock.js";
import { jarProbe, jarScanner } from "./jar-scanner.js";
import { manifestArtifact, nameFromFileName, parseManifest, parseProperties, pomPropertiesArtifact } from "./metadata.js";
import { compareMavenVersions } from "./version.js";

const java = (...p: string[]): string => sharedPath("fixtures", "pkgdb", "java", ...p);
const MF = "META-INF/MANIFEST.MF";

test("claircore properties/*: all 49 pom.properties parse; G:A:V agrees with the jar's file name except the shaded cassandra driver (it carries jctools' pom.properties)", () => {
  const files = readdirSync(java("claircore", "properties"));
  assert.equal(files.length, 49);
  const disagree: string[] = [];
  for (const f of files) {
    const text = readFileSync(java("claircore", "properties", f), "utf8");
    const a = pomPropertiesArtifact(text, f);
    assert.ok(a, f);
    const props = parseProperties(text);
    assert.deepEqual([a.groupId, a.artifactId, a.version], [props.get("groupId"), props.get("artifactId"), props.get("version")]);
    const n = nameFromFileName(f);
    if (n?.name !== a.artifactId || n.version !== a.version) disagree.push(`${f} -> ${a.groupId}:${a.artifactId}@${a.version}`);
  }
  assert.deepEqual(disagree, ["cassandra-driver-core-3.11.0-shaded.jar -> org.jctools:jctools-core@2.1.1"]);
});

test("claircore manifest/*: each .want equals its input (claircore's test only logs its parse), so claro checks the manifest version against the file name: equal in Maven order except shaded/OSGi-versioned ecj, guava, cassandra-driver", () => {
  const dir = java("claircore", "manifest");
  const files = readdirSync(dir).filter((f) => f.endsWith(".jar"));
  assert.equal(files.length, 64);
  const mismatched: string[] = [];
  const unversioned: string[] = [];
  for (const f of files) {
    const text = readFileSync(join(dir, f), "utf8");
    assert.equal(readFileSync(join(dir, `${f}.want`), "utf8"), text);
    const a = manifestArtifact(text, f, MF);
    const mf = parseManifest(text);
    const hasVersion = ["Implementation-Version", "Bundle-Version", "Specification-Version"].some((k) => (mf.get(k) ?? "") !== "");
    assert.equal(a !== undefined, hasVersion, f);
    if (!a) {
      unversioned.push(f);
      continue;
    }
    const n = nameFromFileName(f);
    assert.ok(n, f);
    assert.equal(a.artifactId, n.name);
    if (compareMavenVersions(a.version, n.version) !== 0) mismatched.push(`${f}: ${a.version}`);
  }
  assert.deepEqual(mismatched, ["cassandra-driver-core-3.11.0-shaded.jar: 3.11.0", "ecj-4.6.1.jar: 3.12.1.v20160829-0950", "guava-27.0-jre.jar: 27.0.0.jre"]);
  assert.equal(unversioned.length, 23);
});

test("claircore pairs as real jars: pom.properties wins over the manifest", () => {
  for (const f of readdirSync(java("claircore", "properties"))) {
    const props = readFileSync(java("claircore", "properties", f));
    const p = parseProperties(props.toString("utf8"));
    const jar = writeZip([
      { name: MF, data: readFileSync(java("claircore", "manifest", f)) },
      { name: `META-INF/maven/${p.get("groupId")}/${p.get("artifactId")}/pom.properties`, data: props },
    ]);
    const inv = inspectArchive(jar, `opt/lib/${f}`);
    assert.deepEqual(inv.problems, []);
    assert.deepEqual(
      inv.artifacts.map((a) => [a.groupId, a.artifactId, a.version, a.source]),
      [[p.get("groupId"), p.get("artifactId"), p.get("version"), "pom.properties"]],
      f,
    );
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

test("syft jar-metadata trees zipped into jars: one package per pom.properties (several in one jar = shaded), manifest fallback otherwise", () => {
  const root = java("syft", "jar-metadata");
  const trees = [
    "api-all-2.0.0-sources",
    "multiple-matching-2.11.5",
    "opensaml-core-3.4.6",
    "org.multiple-thename",
    "jackson-core-2.15.2",
    "commons-lang3-3.12.0",
    "micronaut-aop-4.9.11",
    "com.fasterxml.jackson.core.jackson-core-2.15.2",
    "spring-instrumentation-4.3.0-1.0",
    "jenkins-plugins/gradle/2.11",
  ];
  const got: Record<string, string[]> = {};
  for (const t of trees) {
    const files = filesUnder(join(root, t));
    const jar = writeZip(files.map((f) => ({ name: relative(join(root, t), f), data: readFileSync(f) })));
    // Jenkins ships plugins as `<short-name>.jpi`, without a version in the name.
    const name = t.startsWith("jenkins-plugins/") ? "gradle.jpi" : `${t}.jar`;
    const inv = inspectArchive(jar, name);
    assert.deepEqual(inv.problems, []);
    got[t] = inv.artifacts.map((a) => `${a.groupId}:${a.artifactId}@${a.version} (${a.source})`);
    const poms = files.filter((f) => f.endsWith("pom.properties"));
    if (poms.length > 0) {
      const want = poms
        .map((f) => parseProperties(readFileSync(f, "utf8")))
        .map((p) => `${p.get("groupId")}:${p.get("artifactId")}@${p.get("version")} (pom.properties)`);
      assert.deepEqual([...got[t]!].sort(), want.sort(), t);
    }
  }
  assert.equal(got["multiple-matching-2.11.5"]!.length, 3);
  assert.equal(got["org.multiple-thename"]!.length, 2);
  // Manifest-only trees: what the fallback makes of them (reviewed against each MANIFEST.MF).
  assert.deepEqual(got["jenkins-plugins/gradle/2.11"], [
    `${parseManifest(readFileSync(join(root, "jenkins-plugins/gradle/2.11", MF), "utf8")).get("Group-Id")}:gradle@2.11 (manifest)`,
  ]);
  // Trees without pom.properties are named by their pom.xml (coordinates.test.ts covers the order).
  for (const t of ["jackson-core-2.15.2", "com.fasterxml.jackson.core.jackson-core-2.15.2", "commons-lang3-3.12.0", "micronaut-aop-4.9.11"]) {
    assert.equal(got[t]!.length, 1, t);
    assert.ok(got[t]![0]!.endsWith(" (pom.xml)"), `${t}: ${got[t]![0]}`);
  }
  assert.deepEqual(got["jackson-core-2.15.2"], ["com.fasterxml.jackson.core:jackson-core@2.15.2 (pom.xml)"]);
});

test("syft gradle.lockfile: 4 dependencies, the empty= line skipped, test-only ones flagged dev", () => {
  const r = parseGradleLockfile(readFileSync(java("syft", "gradle.lockfile"), "utf8"), "gradle.lockfile");
  assert.deepEqual(r.problems, []);
  assert.deepEqual(
    r.found.map((p) => [p.name, p.version, p.purl, p.dev === true]),
    [
      ["joda-time:joda-time", "2.2", "pkg:maven/joda-time/joda-time@2.2", false],
      ["junit:junit", "4.12", "pkg:maven/junit/junit@4.12", true],
      ["org.hamcrest:hamcrest-core", "1.3", "pkg:maven/org.hamcrest/hamcrest-core@1.3", true],
      ["org.apache.commons:commons-text", "1.8", "pkg:maven/org.apache.commons/commons-text@1.8", false],
    ],
  );
});

test("Trivy test.jar through createDirSource + buildLayeredTree with the probe: tomcat-embed-websocket 9.0.65 from MANIFEST.MF, with no group (it is org.apache.tomcat.embed, which Trivy knows from its Java DB SHA-1 lookup; the manifest only says org.apache.tomcat-embed-websocket); gradle.lockfile found by wants", async () => {
  const root = mkdtempSync(join(tmpdir(), "claro-maven-"));
  try {
    mkdirSync(join(root, "app", "lib"), { recursive: true });
    copyFileSync(java("trivy", "test.jar"), join(root, "app", "lib", "test.jar"));
    copyFileSync(java("syft", "gradle.lockfile"), join(root, "app", "gradle.lockfile"));
    const source = createDirSource(root);
    const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
    const tree = await buildLayeredTree(source, image, { wants: [...jarScanner.wants, ...gradleLockScanner.wants], maxFileSize: 1 << 20, probes: [jarProbe] });
    const r = jarScanner.scan(tree, { distribution: null });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.found, [
      {
        name: "tomcat-embed-websocket",
        version: "9.0.65",
        type: "maven",
        arch: null,
        source: null,
        purl: "pkg:maven/tomcat-embed-websocket@9.0.65",
        foundIn: "app/lib/test.jar",
        evidence: "manifest",
      },
    ]);
    const g = gradleLockScanner.scan(tree, { distribution: null });
    assert.equal(g.found.length, 4);
    assert.ok(g.found.every((p) => p.foundIn === "app/gradle.lockfile"));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
