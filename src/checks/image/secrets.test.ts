import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { toImageConfig } from "../../image/oci-resolve.js";
import { sharedPath } from "../../../test/support/shared.js";
import { secrets } from "./secrets.js";
import { FAKE } from "./testdata/fake-secrets.js";
import { config, input } from "./testdata/fixtures.js";

interface Vector {
  readonly cmd: string;
  readonly expect: boolean;
}
const vectors = JSON.parse(readFileSync(sharedPath("fixtures/cis/dockle/history-vectors.json"), "utf8")) as Record<string, Vector[]>;

test("secrets agrees with every Dockle CIS-DI-0010 history vector (including the one Dockle gets wrong)", () => {
  const list = vectors["CIS-DI-0010_sensitive_env"] ?? [];
  assert.equal(list.length, 11);
  for (const v of list) assert.equal(secrets.evaluate(input({ config: config({}, [v.cmd]) })).status, v.expect ? "fail" : "pass", v.cmd);
});

test("secrets passes the Dockle false positives from the catalogue", () => {
  const history = [
    "/bin/sh -c #(nop)  ENV WORDPRESS_CLI_GPG_KEY=63AF7AA15067C05616FDDD88A3A2E8F226F0BC06", // #130
    "/bin/sh -c #(nop)  ENV GPG_KEYS=B42F6819007F00F88E364FD4036A9C25BF357DD4 C01E1CAD5EA2C4F0B8E3571504C367C218ADD4FF",
    "/bin/sh -c apk add --no-cache libcrypto3=3.1.4-r1 libssl3=3.1.4-r1", // #250
    "/bin/sh -c { echo '[global]'; echo 'error_log = /proc/self/fd/2'; echo 'access.log = /proc/self/fd/2'; } | tee php-fpm.d/docker.conf", // #202
    "RUN /bin/sh -c set -eux; apk add --no-cache --virtual .build-deps gcc musl-dev go; export GOPATH=/go # buildkit", // #151-style long RUN
  ];
  const env = ["PATH=/usr/bin", "POSTGRES_PASSWORD_FILE=/run/secrets/pg", "API_TOKEN=${API_TOKEN}", "NODE_VERSION=20.11.1", "MYSQL_ROOT_PASSWORD="];
  const out = secrets.evaluate(input({ config: config({ Env: env, Labels: { "org.opencontainers.image.source": "https://github.com/o/r" } }, history) }));
  assert.equal(out.status, "pass", JSON.stringify(out));
  const nginx = toImageConfig(readFileSync(sharedPath("fixtures/cis/dockle/image-config/nginx.json")), "nginx.json");
  assert.equal(secrets.evaluate(input({ config: nginx })).status, "pass");
});

test("secrets fails on ENV, labels, build args and file contents, with redacted evidence", () => {
  const out = secrets.evaluate(
    input({
      config: config({ Env: [`AWS_ACCESS_KEY_ID=${FAKE.awsId}`], Labels: { "ci.token": FAKE.gitlab } }, [`|1 NPM_TOKEN=${FAKE.github} /bin/sh -c npm ci`]),
      files: {
        "app/.env": `DATABASE_URL=postgres://app:Sup3rS3cret@db/app\nSTRIPE_KEY=${FAKE.stripe}\n`,
        "root/.npmrc": "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n",
        "app/node_modules/x/test/key.pem": FAKE.pem,
      },
    }),
  );
  assert.equal(out.status, "fail");
  if (out.status !== "fail") return;
  const where = out.evidence.map((e) => `${e.file}|${e.key ?? ""}|${e.detail ?? ""}`);
  for (const w of [
    "config|config.Env.AWS_ACCESS_KEY_ID",
    "config|config.Labels.ci.token",
    "config|history[0]",
    "app/.env|DATABASE_URL",
    "app/.env|STRIPE_KEY",
    "root/.npmrc|_authToken",
  ]) {
    assert.ok(
      where.some((x) => x.startsWith(w)),
      `${w} in ${where.join("\n")}`,
    );
  }
  assert.ok(!where.some((x) => x.includes("node_modules")), "third-party test keys are ignored");
  for (const e of out.evidence) assert.ok(!(e.value ?? "").includes(FAKE.awsId) && !(e.value ?? "").includes(FAKE.github));
});

test("secrets skips without config and filesystem", () => {
  assert.equal(secrets.evaluate(input({ config: null, files: {} })).status, "skip");
});
