import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { claro } from "../../test/support/claro.js";
import { ensureRegistry } from "../../test/support/registry.js";
import { sharedPath } from "../../test/support/shared.js";

const FEED = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
// The basic-auth test registry of src/image/registry/registry.test.ts.
const USER = "claro";
const PASSWORD = "s3cret";

describe("claro db push / pull with Basic auth (htpasswd registry)", () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-db-artifact-auth-"));
  const source = `sqlite:${join(dir, "source.sqlite")}`;
  // Undefined drops a variable from the child's environment (child_process ignores undefined values).
  const noDocker = { DOCKER_CONFIG: join(dir, "no-docker"), CLARO_USERNAME: undefined, CLARO_PASSWORD: undefined };
  let ref = "";
  let host = "";

  before(async () => {
    host = await ensureRegistry({ auth: "basic", user: USER, password: PASSWORD }, 5010);
    ref = `${host}/claro-test/auth-db-${process.pid}-${Date.now().toString(36)}:latest`;
    const update = await claro(["db", "update", "--db", source, "-q", "--source", `debian=${FEED}`]);
    assert.equal(update.code, 0, update.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("without credentials the push is refused: exit 2, REGISTRY_UNAUTHORIZED and a hint", { timeout: 120_000 }, async () => {
    const r = await claro(["db", "push", ref, "--db", source, "-q"], noDocker);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^claro: error \[REGISTRY_UNAUTHORIZED\]: /m);
    assert.match(r.stderr, /^claro: hint: /m);
  });

  it("pushes with docker's config credentials and pulls with --username/--password", { timeout: 300_000 }, async () => {
    const docker = join(dir, "docker");
    mkdirSync(docker);
    writeFileSync(join(docker, "config.json"), JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString("base64") } } }));
    const push = await claro(["db", "push", ref, "--db", source, "-q"], { ...noDocker, DOCKER_CONFIG: docker });
    assert.equal(push.code, 0, push.stderr);
    const pulled = `sqlite:${join(dir, "pulled.sqlite")}`;
    const pull = await claro(["db", "pull", ref, "--db", pulled, "--username", USER, "--password", PASSWORD], noDocker);
    assert.equal(pull.code, 0, pull.stderr);
    assert.match(pull.stderr, new RegExp(`\\(${push.stdout.trim().split("@")[1]}, .*imported \\d+ records of 1 updaters`));
  });
});
