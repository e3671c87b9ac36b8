import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { Agent, request } from "undici";
import { ensureRegistry } from "../../test/support/registry.js";
import type { Digest } from "../core/digest.js";
import { isFatalError } from "../core/problem.js";
import { createClairManifestSource, type LayerFetch } from "./clair-manifest-source.js";
import { createRegistrySource } from "./registry/index.js";
import { checkUrl, guardedConnector, isDeniedAddress, type Resolver } from "./url-guard.js";

const D = `sha256:${"1".repeat(64)}` as Digest;
const resolver =
  (map: Record<string, string>): Resolver =>
  async (h) => {
    const a = map[h];
    if (a === undefined) throw new Error(`ENOTFOUND ${h}`);
    return [{ address: a, family: a.includes(":") ? 6 : 4 }];
  };

async function refused(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => isFatalError(e) && e.code === "URL_FORBIDDEN" && pattern.test(e.message));
}

test("link-local and metadata addresses are denied, including IPv4-mapped forms; loopback is not", () => {
  for (const a of ["169.254.169.254", "169.254.0.1", "fd00:ec2::254", "fe80::1", "::ffff:169.254.169.254", "0.0.0.0"])
    assert.equal(isDeniedAddress(a), true, a);
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

/** A DNS that answers `first` once, then `later` (a rebinding attacker's name server). */
function rebinding(first: string, later: string): { resolver: Resolver; calls: () => number } {
  let n = 0;
  return { resolver: async () => [{ address: n++ === 0 ? first : later, family: 4 }], calls: () => n };
}

async function loopbackServer(): Promise<{ port: number; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, hits: () => hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test("DNS rebinding: the connection goes to the checked address, and DNS is not asked again", async () => {
  const srv = await loopbackServer();
  const dns = rebinding("127.0.0.1", "169.254.169.254");
  const { url, addresses } = await checkUrl(`http://rebind.test:${srv.port}/v2/`, {}, dns.resolver);
  const agent = new Agent({ connect: guardedConnector(new Map([["rebind.test", addresses]]), dns.resolver)({}) });
  try {
    const res = await request(url, { dispatcher: agent });
    assert.equal(await res.body.text(), "ok");
    assert.equal(dns.calls(), 1, "only the check resolved the name");
    assert.equal(srv.hits(), 1);
  } finally {
    await agent.close();
    await srv.close();
  }
});

test("DNS rebinding: an unpinned host resolving to a forbidden address at connect time is refused", async () => {
  const srv = await loopbackServer();
  const dns = rebinding("127.0.0.1", "169.254.169.254");
  // The check sees loopback; the connect-time answer (a redirect or token realm host) is metadata.
  await checkUrl(`http://rebind.test:${srv.port}/`, {}, dns.resolver);
  const agent = new Agent({ connect: guardedConnector(new Map(), dns.resolver)({ timeout: 2000 }) });
  try {
    const started = Date.now();
    await refused(request(`http://rebind.test:${srv.port}/`, { dispatcher: agent }), /rebind\.test resolves to 169\.254\.169\.254/);
    await refused(request("http://169.254.169.254/latest/meta-data/", { dispatcher: agent }), /169\.254\.169\.254/);
    await refused(request("http://[fd00:ec2::254]/", { dispatcher: agent }), /fd00:ec2::254/);
    assert.ok(Date.now() - started < 1500, "refused before any connection attempt, not by a timeout");
    assert.equal(dns.calls(), 2);
    assert.equal(srv.hits(), 0);
  } finally {
    await agent.close();
    await srv.close();
  }
});

test("a registry pull through the guard connects to the pinned address of a name DNS does not know", async () => {
  const host = await ensureRegistry({ auth: "token" }, 5000);
  const name = `claro-pinned.invalid:${host.split(":")[1]!}`;
  const { addresses } = await checkUrl(`http://${name}`, {}, async () => [{ address: "127.0.0.1", family: 4 }]);
  const platform = { os: "linux", architecture: "amd64" };
  const direct = createRegistrySource(`${host}/test/alpine:3.9.6`, { dockerConfig: false, env: {} });
  // No authorization given: the token exchange with the realm (127.0.0.1:port+1) goes through the guard too.
  const pinned = createRegistrySource(`${name}/test/alpine:3.9.6`, {
    dockerConfig: false,
    env: {},
    insecure: true,
    connector: guardedConnector(new Map([["claro-pinned.invalid", addresses]])),
  });
  try {
    const want = await direct.resolve({ platform });
    const got = await pinned.resolve({ platform });
    assert.ok(want.digest !== null && want.layers.length > 0);
    assert.equal(got.digest, want.digest);
    assert.deepEqual(
      got.layers.map((l) => l.digest),
      want.layers.map((l) => l.digest),
    );
  } finally {
    await Promise.all([direct.close(), pinned.close()]);
  }
  // The same name without the pin does not resolve: the pull above really used the pinned address.
  const unpinned = createRegistrySource(`${name}/test/alpine:3.9.6`, { dockerConfig: false, env: {}, insecure: true, connector: guardedConnector() });
  await assert.rejects(unpinned.resolve({ platform }), (e: unknown) => isFatalError(e) && e.code === "NETWORK" && /claro-pinned\.invalid/.test(e.message));
  await unpinned.close();
});
