import assert from "node:assert/strict";
import { test } from "node:test";
import type { Digest } from "../core/digest.js";
import { isFatalError } from "../core/problem.js";
import { createClairManifestSource, type LayerFetch } from "./clair-manifest-source.js";
import { checkUrl, isDeniedAddress, type Resolver } from "./url-guard.js";

const D = `sha256:${"1".repeat(64)}` as Digest;
const resolver = (map: Record<string, string>): Resolver => async (h) => {
  const a = map[h];
  if (a === undefined) throw new Error(`ENOTFOUND ${h}`);
  return [{ address: a, family: a.includes(":") ? 6 : 4 }];
};

async function refused(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => isFatalError(e) && e.code === "URL_FORBIDDEN" && pattern.test(e.message));
}

test("link-local and metadata addresses are denied, including IPv4-mapped forms; loopback is not", () => {
  for (const a of ["169.254.169.254", "169.254.0.1", "fd00:ec2::254", "fe80::1", "::ffff:169.254.169.254", "0.0.0.0"]) assert.equal(isDeniedAddress(a), true, a);
  for (const a of ["127.0.0.1", "::1", "10.0.0.1", "93.184.216.34"]) assert.equal(isDeniedAddress(a), false, a);
});

test("the resolved address is checked, not the name", async () => {
  await refused(checkUrl("http://metadata.example/latest", {}, resolver({ "metadata.example": "169.254.169.254" })), /resolves to 169\.254\.169\.254/);
  await refused(checkUrl("http://[fd00:ec2::254]/", {}, resolver({})), /cloud-metadata/);
  const ok = await checkUrl("http://registry.local:5000/v2/x", {}, resolver({ "registry.local": "127.0.0.1" }));
  assert.deepEqual(ok.addresses, [{ address: "127.0.0.1", family: 4 }]);
});

test("schemes and the host allow-list; an allow-list without loopback refuses loopback", async () => {
  await refused(checkUrl("file:///etc/passwd", {}, resolver({})), /scheme file: is not allowed/);
  await refused(checkUrl("http://127.0.0.1:5000/v2/", { allowHosts: ["registry.example.com"] }, resolver({})), /not on the server's allow-list/);
  await checkUrl("http://127.0.0.1:5000/v2/", { allowHosts: ["127.0.0.1:5000"] }, resolver({}));
  await refused(checkUrl("http://u:p@127.0.0.1/", {}, resolver({})), /credentials/);
});

test("a manifest with a metadata-address layer is refused before any connection is attempted", async () => {
  let calls = 0;
  const spy: LayerFetch = async () => {
    calls += 1;
    throw new Error("must not be called");
  };
  const source = createClairManifestSource(
    { hash: D, layers: [{ hash: D, uri: "http://169.254.169.254/latest/meta-data/" }] },
    { policy: {}, fetch: spy, maxLayerBytes: 1 << 20, layerTimeoutMs: 1000 },
  );
  await refused(source.resolve({ platform: { os: "linux", architecture: "amd64" } }), /169\.254\.169\.254/);
  await refused(source.openLayer({ digest: D, diffId: D, mediaType: "x", size: null, createdBy: null }), /169\.254\.169\.254/);
  assert.equal(calls, 0);
});
