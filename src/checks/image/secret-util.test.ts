import assert from "node:assert/strict";
import { test } from "node:test";
import { FAKE, rnd } from "./testdata/fake-secrets.js";
import { findKnownSecrets, judgeAssignment, secretNameStrength, shannonEntropy } from "./secret-util.js";

test("known formats are found anywhere in text", () => {
  const cases: [string, string][] = [
    ["aws-access-key-id", `export AWS_ACCESS_KEY_ID=${FAKE.awsId}`],
    ["aws-secret-access-key", `aws_secret_access_key = ${FAKE.awsSecret}`],
    ["github-token", `git clone https://x-access-token:${FAKE.github}@github.com/o/r`],
    ["github-token", FAKE.githubPat],
    ["gitlab-token", `TOKEN ${FAKE.gitlab}`],
    ["slack-token", FAKE.slack],
    ["stripe-live-key", FAKE.stripe],
    ["google-api-key", `key=${FAKE.google}`],
    ["private-key", FAKE.pem],
    ["jwt", `Authorization: Bearer ${FAKE.jwt}`],
    ["url-credentials", "redis://:s3cr3tP4ss@redis:6379/0"],
  ];
  for (const [kind, text] of cases)
    assert.ok(
      findKnownSecrets(text).some((h) => h.kind === kind),
      `${kind} in ${text}`,
    );
});

test("documentation examples and low-entropy JWT shapes are not secrets", () => {
  assert.deepEqual(findKnownSecrets("AKIAIOSFODNN7EXAMPLE"), []);
  assert.deepEqual(findKnownSecrets("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.aaaaaaaaaaaaaaaaaaaa"), []);
  assert.deepEqual(findKnownSecrets("https://user:${PASSWORD}@example.com/"), []);
  assert.deepEqual(findKnownSecrets("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"), []);
});

test("name strength: strong words, a bare KEY is weak, descriptive names are not secrets", () => {
  assert.equal(secretNameStrength("MYSQL_PASSWD"), "strong");
  assert.equal(secretNameStrength("PasS"), "strong");
  assert.equal(secretNameStrength("dbPassword"), "strong");
  assert.equal(secretNameStrength("SECRET_API_KEY"), "strong");
  assert.equal(secretNameStrength("CACHE_KEY"), "weak");
  for (const n of [
    "GPG_KEY",
    "GPG_KEYS",
    "WORDPRESS_CLI_GPG_KEY",
    "NGINX_GPGKEY",
    "POSTGRES_PASSWORD_FILE",
    "TOKEN_URL",
    "KEYCLOAK_VERSION",
    "ACCESS_LOG",
    "BYPASS_PROXY",
    "COMPASS_HOME",
    "PASSENGER_VERSION",
    "PUBLIC_KEY",
  ]) {
    assert.equal(secretNameStrength(n), null, n);
  }
});

test("judgeAssignment: Dockle false positives from the catalogue pass", () => {
  assert.deepEqual(judgeAssignment("WORDPRESS_CLI_GPG_KEY", "63AF7AA15067C05616FDDD88A3A2E8F226F0BC06"), []); // dockle #130
  assert.deepEqual(judgeAssignment("GPG_KEYS", "B42F6819007F00F88E364FD4036A9C25BF357DD4 C01E1CAD5EA2C4F0B8E3571504C367C218ADD4FF"), []);
  assert.deepEqual(judgeAssignment("libcrypto3", "3.1.4-r1"), []); // dockle #250
  assert.deepEqual(judgeAssignment("access.log", "/proc/self/fd/2"), []); // dockle #202
  for (const [n, v] of [
    ["MYSQL_ROOT_PASSWORD", "changeme"],
    ["API_TOKEN", "${API_TOKEN}"],
    ["DB_PASSWORD", ""],
    ["JWT_SECRET", "$JWT_SECRET"],
    ["TOKEN_TTL", "3600"],
    ["SECRET_KEY_BASE_DIR", "/srv/keys"],
    ["CACHE_KEY", "v2"],
    ["NODE_VERSION", "20.11.1"],
    ["PASSWORD", "<your-password>"],
  ] as const) {
    assert.deepEqual(judgeAssignment(n, v), [], `${n}=${v}`);
  }
});

test("judgeAssignment: real secrets fail, with a redacted preview", () => {
  const pw = judgeAssignment("MYSQL_PASSWD", "password");
  assert.equal(pw.length, 1);
  assert.equal(pw[0]?.kind, "named-value");
  assert.equal(judgeAssignment("CACHE_SIGNING_KEY", rnd).length, 1);
  const aws = judgeAssignment("SOME_VAR", FAKE.awsId);
  assert.equal(aws[0]?.kind, "aws-access-key-id");
  assert.ok(!(aws[0]?.preview ?? "").includes(FAKE.awsId));
});

test("shannon entropy", () => {
  assert.equal(shannonEntropy(""), 0);
  assert.equal(shannonEntropy("aaaa"), 0);
  assert.equal(shannonEntropy("abcd"), 2);
});
