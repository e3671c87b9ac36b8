import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../../test/support/shared.js";
import { FatalError } from "../core/problem.js";
import { vulnerabilityReport } from "./testdata/fixture.js";
import { isWhitelisted, normaliseRepository, parseWhitelist, repositoryMatches, whitelistedIds } from "./whitelist.js";

const yamlText = readFileSync(join(repoRoot, "src", "report", "testdata", "whitelist.yaml"), "utf8");

describe("whitelist", () => {
  it("parses Klar's general and images sections", () => {
    const w = parseWhitelist(yamlText);
    assert.deepEqual(w.general, ["CVE-2010-4756"]);
    assert.deepEqual(Object.keys(w.images), ["debian", "fluent/fluent-bit", "127.0.0.1:5000/test/alpine"]);
  });

  it("accepts empty sections and an empty file", () => {
    assert.deepEqual(parseWhitelist(""), { general: [], images: {} });
    assert.deepEqual(parseWhitelist("general:\nimages:\n"), { general: [], images: {} });
    assert.deepEqual(parseWhitelist("images:\n  alpine:\n"), { general: [], images: { alpine: [] } });
  });

  it("rejects malformed files with CONFIG_INVALID naming the file", () => {
    for (const bad of ["general: CVE-1\n", "images: [a, b]\n", "general: [\n", "- just a list\n"]) {
      assert.throws(
        () => parseWhitelist(bad, "wl.yaml"),
        (e: unknown) => e instanceof FatalError && e.code === "CONFIG_INVALID" && e.message.startsWith("wl.yaml:") && !e.message.includes("\n"),
        bad,
      );
    }
  });

  it("normalises official-image names the way Klar parses them", () => {
    for (const name of ["centos", "library/centos", "docker.io/library/centos", "index.docker.io/library/centos:7", "CentOS", "docker.io/centos@sha256:abc"]) {
      assert.equal(normaliseRepository(name), "library/centos", name);
    }
    assert.equal(normaliseRepository("fluent/fluent-bit:1.0"), "fluent/fluent-bit");
    assert.equal(normaliseRepository("127.0.0.1:5000/test/alpine:3.9.6"), "127.0.0.1:5000/test/alpine");
    assert.equal(normaliseRepository("localhost/app"), "localhost/app");
  });

  it("matches a key against the image repository after normalising both", () => {
    assert.equal(repositoryMatches("centos", "library/centos"), true);
    assert.equal(repositoryMatches("centos", "docker.io/library/centos"), true);
    assert.equal(repositoryMatches("library/centos", "centos"), true);
    assert.equal(repositoryMatches("test/alpine", "127.0.0.1:5000/test/alpine"), true, "a key without host matches any registry");
    assert.equal(repositoryMatches("127.0.0.1:5000/test/alpine", "test/alpine"), false, "a key with a host needs that host");
    assert.equal(repositoryMatches("centos", "library/centos-stream"), false);
    assert.equal(repositoryMatches("fluent/fluent-bit", "library/fluent-bit"), false);
  });

  it("collects general ids plus the image's own, and matches ids and aliases case-insensitively", () => {
    const w = parseWhitelist(yamlText);
    const ids = whitelistedIds(w, "library/debian");
    assert.deepEqual([...ids].sort(), ["CVE-2010-4756", "CVE-2024-9999"]);
    assert.deepEqual([...whitelistedIds(w, null)], ["CVE-2010-4756"], "no repository: only general ids");
    const byId = (id: string) => vulnerabilityReport.vulnerabilities.find((v) => v.id === id)!;
    assert.equal(isWhitelisted(byId("CVE-2024-9999"), ids), true);
    assert.equal(isWhitelisted(byId("CVE-2025-0001"), ids), false);
    assert.equal(isWhitelisted(byId("CVE-2025-0001"), new Set(["DSA-9001-1"])), true, "an alias matches");
  });
});
