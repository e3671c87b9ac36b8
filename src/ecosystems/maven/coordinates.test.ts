import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { writeZip } from "../../formats/testdata/zip-writer.js";
import { sharedPath } from "../../../test/support/shared.js";
import { inspectArchive } from "./archive.js";
import { packagesOfInventory } from "./jar-scanner.js";
import { pomXmlCoordinates } from "./pom-xml.js";

// Issue 12 (2): coordinates come from pom.properties, then pom.xml, then the manifest, and the
// file name last; a file name alone never names a group.
const root = sharedPath("fixtures", "pkgdb", "java", "syft", "jar-metadata");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

/** A syft tree zipped as a jar named `jarName`, members filtered by `keep`. */
function coordinates(tree: string, jarName: string, keep: (member: string) => boolean = () => true): string[] {
  const files = filesUnder(join(root, tree)).map((f) => ({ name: relative(join(root, tree), f), data: readFileSync(f) }));
  const inv = inspectArchive(writeZip(files.filter((f) => keep(f.name))), jarName);
  assert.deepEqual(inv.problems, []);
  return inv.artifacts.map((a) => `${a.groupId}:${a.artifactId}@${a.version} (${a.source})`);
}

test("the same jackson-core under a dotted file name: pom.xml names it, not the file name", () => {
  for (const t of ["com.fasterxml.jackson.core.jackson-core-2.15.2", "jackson-core-2.15.2"]) {
    assert.deepEqual(coordinates(t, `${t}.jar`), ["com.fasterxml.jackson.core:jackson-core@2.15.2 (pom.xml)"], t);
  }
});

test("without its pom.xml, the manifest's vendor id is cut off the dotted file name", () => {
  const t = "com.fasterxml.jackson.core.jackson-core-2.15.2";
  assert.deepEqual(
    coordinates(t, `${t}.jar`, (m) => !m.endsWith("pom.xml")),
    ["com.fasterxml.jackson.core:jackson-core@2.15.2 (manifest)"],
  );
});

test("pom.xml only: micronaut-aop from its pom; commons-lang3's pom leaves the version to a property, so the version is the file name's", () => {
  assert.deepEqual(coordinates("micronaut-aop-4.9.11", "micronaut-aop-4.9.11.jar"), ["io.micronaut:micronaut-aop@4.9.11 (pom.xml)"]);
  // commons-lang3's MANIFEST.MF has no version and its pom names `${commons.release.version}`:
  // the pom still names group and artifact, and the file name of that same artifact the version.
  assert.deepEqual(coordinates("commons-lang3-3.12.0", "commons-lang3-3.12.0.jar"), ["org.apache.commons:commons-lang3@3.12.0 (pom.xml)"]);
});

test("a file name alone names no group, even a dotted one", () => {
  const jar = writeZip([{ name: "com/fasterxml/jackson/core/JsonParser.class", data: Buffer.from("x") }]);
  const inv = inspectArchive(jar, "com.fasterxml.jackson.core.jackson-core-2.15.2.jar");
  assert.deepEqual(
    inv.artifacts.map((a) => `${a.groupId}:${a.artifactId}@${a.version} (${a.source})`),
    [":com.fasterxml.jackson.core.jackson-core@2.15.2 (file-name)"],
  );
});

test("pom.xml: the parent's groupId is inherited and ${project.version} resolved", () => {
  const pom = `<project><parent><groupId>org.example</groupId><artifactId>p</artifactId><version>7</version></parent>
    <artifactId>child</artifactId><version>\${project.parent.version}.1</version><properties><x>1</x></properties></project>`;
  assert.deepEqual(pomXmlCoordinates(pom), { groupId: "org.example", artifactId: "child", version: "7.1" });
  assert.equal(pomXmlCoordinates("<project><artifactId>a</artifactId></project>"), undefined);
  assert.equal(pomXmlCoordinates("not xml"), undefined);
});

test("Trivy test.jar: Tomcat's symbolic name gives the artifact, not the group; the package says the manifest named it", () => {
  const inv = inspectArchive(readFileSync(sharedPath("fixtures", "pkgdb", "java", "trivy", "test.jar")), "app/lib/test.jar");
  assert.deepEqual(
    inv.artifacts.map((a) => `${a.groupId}:${a.artifactId}@${a.version} (${a.source})`),
    [":tomcat-embed-websocket@9.0.65 (manifest)"],
  );
  const [p] = packagesOfInventory(inv, "app/lib/test.jar");
  assert.equal(p?.name, "tomcat-embed-websocket");
  assert.equal(p?.evidence, "manifest");
});
