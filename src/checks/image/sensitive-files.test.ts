import assert from "node:assert/strict";
import { test } from "node:test";
import { sensitiveFiles } from "./sensitive-files.js";
import { FAKE } from "./testdata/fake-secrets.js";
import { input } from "./testdata/fixtures.js";

test("sensitive-files lists keys, credential stores and .git directories", () => {
  const out = sensitiveFiles.evaluate(
    input({
      files: {
        "root/.ssh/id_rsa": "k",
        "root/.ssh/id_rsa.pub": "ssh-rsa AAAA",
        "app/.git/HEAD": "ref: refs/heads/main\n",
        "home/app/.git-credentials": "https://u:p@example.com\n",
        "root/.aws/credentials": "[default]\n",
        "etc/ssl/private/server.key": FAKE.pem,
        "root/.npmrc": "//r/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123\n",
        "root/.docker/config.json": JSON.stringify({ auths: { "registry.example.com": { auth: "dXNlcjpwYXNz" } } }),
      },
    }),
  );
  assert.equal(out.status, "fail");
  if (out.status === "fail") {
    assert.deepEqual(out.evidence.map((e) => e.file).sort(), [
      "app/.git",
      "etc/ssl/private/server.key",
      "home/app/.git-credentials",
      "root/.aws/credentials",
      "root/.docker/config.json",
      "root/.npmrc",
      "root/.ssh/id_rsa",
    ]);
  }
});

test("sensitive-files passes certificates, safe .npmrc, credential-free docker config and vendored .git", () => {
  const out = sensitiveFiles.evaluate(
    input({
      files: {
        "etc/ssl/certs/ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "root/.npmrc": "//r/:_authToken=${NPM_TOKEN}\n",
        "root/.docker/config.json": JSON.stringify({ credsStore: "desktop", auths: { "r.example.com": {} } }),
        "app/node_modules/x/.git/HEAD": "x",
      },
    }),
  );
  assert.equal(out.status, "pass", JSON.stringify(out));
  assert.equal(sensitiveFiles.evaluate(input({ files: {} })).status, "skip");
});
