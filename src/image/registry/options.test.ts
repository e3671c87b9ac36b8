import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isFatalError } from "../../core/problem.js";
import { parseChallenge } from "./auth.js";
import { dockerCredentials } from "./docker-config.js";
import { clientOptions, registryOptionsFromEnv } from "./options.js";
import { parseRetryAfter } from "./transport.js";

const dir = mkdtempSync(join(tmpdir(), "claro-options-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("registryOptionsFromEnv", () => {
  it("maps CLARO_USERNAME/CLARO_PASSWORD, CLARO_INSECURE and CLARO_REGISTRY_TIMEOUT", () => {
    const env = { CLARO_USERNAME: "u", CLARO_PASSWORD: "p", CLARO_INSECURE: "true", CLARO_REGISTRY_TIMEOUT: "2.5" };
    const o = registryOptionsFromEnv(env);
    assert.equal(o.username, "u");
    assert.equal(o.password, "p");
    assert.equal(o.insecure, true);
    assert.deepEqual(o.timeouts, { connectMs: 2500, headersMs: 2500, bodyIdleMs: 2500 });
    assert.equal(registryOptionsFromEnv({}).username, undefined);
    assert.throws(
      () => registryOptionsFromEnv({ CLARO_REGISTRY_TIMEOUT: "soon" }),
      (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID",
    );
  });

  it("refuses a username without a password", () => {
    assert.throws(
      () => clientOptions("x", { username: "u" }),
      (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID",
    );
  });

  it("prefers explicit credentials over docker's config", async () => {
    writeFileSync(join(dir, "config.json"), JSON.stringify({ auths: { "r.example": { username: "cfg", password: "cfg" } } }));
    const explicit = clientOptions("r.example", { username: "u", password: "p", env: { DOCKER_CONFIG: dir } });
    assert.deepEqual(await explicit.credentials(), { username: "u", password: "p" });
    const fromConfig = clientOptions("r.example", { env: { DOCKER_CONFIG: dir } });
    assert.deepEqual(await fromConfig.credentials(), { username: "cfg", password: "cfg" });
    const noConfig = clientOptions("r.example", { dockerConfig: false, env: { DOCKER_CONFIG: dir } });
    assert.equal(await noConfig.credentials(), null);
  });
});

describe("dockerCredentials", () => {
  it("finds Docker Hub under https://index.docker.io/v1/, skips a missing helper, and rejects bad JSON", async () => {
    const auth = Buffer.from("hub:pw:with:colons").toString("base64");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ credsStore: "not-installed-xyz", auths: { "https://index.docker.io/v1/": { auth } } }));
    const env = { DOCKER_CONFIG: dir, PATH: "/nonexistent" };
    assert.deepEqual(await dockerCredentials("docker.io", env), { username: "hub", password: "pw:with:colons" });
    assert.equal(await dockerCredentials("quay.io", env), null);
    assert.equal(await dockerCredentials("docker.io", { DOCKER_CONFIG: join(dir, "missing") }), null);
    writeFileSync(join(dir, "config.json"), "{ not json");
    await assert.rejects(dockerCredentials("docker.io", env), (e: unknown) => isFatalError(e) && e.code === "CONFIG_INVALID");
  });
});

describe("parseChallenge / parseRetryAfter", () => {
  it("reads the registry's Bearer challenge", () => {
    assert.deepEqual(parseChallenge('Bearer realm="http://127.0.0.1:5001/token",service="test-registry",scope="repository:test/alpine:pull"'), {
      scheme: "bearer",
      params: { realm: "http://127.0.0.1:5001/token", service: "test-registry", scope: "repository:test/alpine:pull" },
    });
    assert.deepEqual(parseChallenge('Basic realm="test-registry"'), { scheme: "basic", params: { realm: "test-registry" } });
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    assert.equal(parseRetryAfter("3"), 3000);
    const now = Date.parse("2026-11-28T12:00:00Z");
    assert.equal(parseRetryAfter("Sat, 28 Nov 2026 12:00:05 GMT", now), 5000);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter("later"), undefined);
  });
});
