import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isFatalError } from "../../core/problem.js";
import { formatReference, isLoopback, normaliseRepository, parseReference } from "./reference.js";

const D = "sha256:a0901a548cabd410bf6517c9f575065c796e8e410e0c69d16ba1dc1095ae8bd6";

describe("parseReference", () => {
  const cases: [string, string, string, string, string | null, string | null][] = [
    // input, registry, apiHost, repository, tag, digest
    ["alpine", "docker.io", "registry-1.docker.io", "library/alpine", "latest", null],
    ["alpine:3.20", "docker.io", "registry-1.docker.io", "library/alpine", "3.20", null],
    ["ns/name", "docker.io", "registry-1.docker.io", "ns/name", "latest", null],
    ["docker.io/centos", "docker.io", "registry-1.docker.io", "library/centos", "latest", null],
    ["index.docker.io/library/centos:7", "docker.io", "registry-1.docker.io", "library/centos", "7", null],
    ["quay.io/coreos/etcd:v3.5.0", "quay.io", "quay.io", "coreos/etcd", "v3.5.0", null],
    ["registry.example.com:8443/a/b/c:tag", "registry.example.com:8443", "registry.example.com:8443", "a/b/c", "tag", null],
    [`name@${D}`, "docker.io", "registry-1.docker.io", "library/name", null, D],
    [`name:tag@${D}`, "docker.io", "registry-1.docker.io", "library/name", "tag", D],
    ["localhost/x", "localhost", "localhost", "x", "latest", null],
    ["localhost:5000/x:1", "localhost:5000", "localhost:5000", "x", "1", null],
    ["127.0.0.1:5000/test/alpine:3.9.6", "127.0.0.1:5000", "127.0.0.1:5000", "test/alpine", "3.9.6", null],
    ["[::1]:5000/test/alpine", "[::1]:5000", "[::1]:5000", "test/alpine", "latest", null],
    ["registry:127.0.0.1:5000/test/alpine:3.9.6", "127.0.0.1:5000", "127.0.0.1:5000", "test/alpine", "3.9.6", null],
    ["docker://alpine:3.9", "docker.io", "registry-1.docker.io", "library/alpine", "3.9", null],
    ["my-org/my_repo.name__x", "docker.io", "registry-1.docker.io", "my-org/my_repo.name__x", "latest", null],
  ];
  for (const [input, registry, apiHost, repository, tag, digest] of cases) {
    it(input, () => {
      assert.deepEqual(parseReference(input), { registry, apiHost, repository, tag, digest });
    });
  }

  const invalid = ["", "Alpine", "alpine:", "alpine@sha256:abc", "alpine@md5:00", "a//b", "-a/b", "host:port/x", "alpine:bad tag", "docker.io/", "x/.y"];
  for (const input of invalid) {
    it(`rejects '${input}'`, () => {
      assert.throws(
        () => parseReference(input),
        (e: unknown) => isFatalError(e) && e.code === "BAD_REFERENCE" && !e.message.includes("\n"),
      );
    });
  }

  it("formats back to the canonical form", () => {
    assert.equal(formatReference(parseReference("alpine")), "docker.io/library/alpine:latest");
    assert.equal(formatReference(parseReference(`localhost:5000/x@${D}`)), `localhost:5000/x@${D}`);
  });
});

describe("normaliseRepository", () => {
  it("makes official-image names compare equal (Klar whitelist keys)", () => {
    assert.equal(normaliseRepository("centos"), normaliseRepository("library/centos"));
    assert.equal(normaliseRepository("centos"), "library/centos");
    assert.equal(normaliseRepository("docker.io/library/centos:7"), "library/centos");
    assert.equal(normaliseRepository("test/alpine"), "test/alpine");
    assert.equal(normaliseRepository("quay.io/coreos/etcd"), "quay.io/coreos/etcd");
    assert.notEqual(normaliseRepository("quay.io/centos"), normaliseRepository("centos"));
  });
});

describe("isLoopback", () => {
  it("knows loopback hosts", () => {
    for (const h of ["127.0.0.1:5000", "127.1.2.3", "localhost:80", "[::1]:5000", "LOCALHOST"]) assert.equal(isLoopback(h), true, h);
    for (const h of ["10.0.0.1:5000", "example.com", "128.0.0.1", "localhost.example.com"]) assert.equal(isLoopback(h), false, h);
  });
});
