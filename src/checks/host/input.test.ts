import assert from "node:assert/strict";
import { lstatSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { buildLayeredTree, createDirSource } from "../../image/index.js";
import { memoryTree } from "../../../test/support/memory-tree.js";
import { iccDisabled } from "./icc-disabled.js";
import { hostCheckWants, loadHostSnapshot } from "./input.js";
import { parseDockerdFlags } from "./dockerd-flags-util.js";
import { tlsAuthOnTcp } from "./tls-auth-on-tcp.js";
import { userlandProxyDisabled } from "./userland-proxy-disabled.js";
import { CASES_DIR } from "./testdata/case-runner.js";

const words = (s: string) => s.split(" ").map((text) => ({ text, file: "f", line: 1 }));

test("dockerd flags: long/short forms, = and space values, booleans, repeats, aliases", () => {
  const { flags, stray } = parseDockerdFlags(
    words(
      "-H fd:// -Htcp://0.0.0.0:2375 --log-level debug -D --icc=false --live-restore --insecure-registry a --insecure-registry=b -g /srv/d --graph=/x stray",
    ),
  );
  assert.deepEqual(
    flags.map((f) => [f.name, f.value]),
    [
      ["host", "fd://"],
      ["host", "tcp://0.0.0.0:2375"],
      ["log-level", "debug"],
      ["debug", null],
      ["icc", "false"],
      ["live-restore", null],
      ["insecure-registry", "a"],
      ["insecure-registry", "b"],
      ["data-root", "/srv/d"],
      ["data-root", "/x"],
    ],
  );
  assert.deepEqual(
    stray.map((w) => w.text),
    ["stray"],
  );
});

test("invalid daemon.json is a Problem and daemon rules skip", () => {
  const s = loadHostSnapshot(memoryTree({ "etc/docker/daemon.json": "{ nope" }));
  assert.equal(s.daemonConfig.status, "invalid");
  assert.equal(s.problems[0]?.kind, "malformed-record");
  assert.equal(iccDisabled.evaluate(s).status, "skip");
});

test("drop-ins: reset, file-name order across directories, $VAR expansion from EnvironmentFile", () => {
  const s = loadHostSnapshot(
    memoryTree({
      "lib/systemd/system/docker.service": "[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd --icc=false\n",
      "run/systemd/system/docker.service.d/20-b.conf": "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS\n",
      "etc/systemd/system/docker.service.d/10-a.conf": "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --live-restore\n",
      "etc/default/docker": 'DOCKER_OPTS="--userland-proxy=false -l warn"\n',
    }),
  );
  assert.equal(s.dockerd?.source, "run/systemd/system/docker.service.d/20-b.conf");
  assert.deepEqual(
    s.dockerd?.flags.map((f) => `${f.name}=${f.value}`),
    ["host=fd://", "userland-proxy=false", "log-level=warn"],
  );
  assert.equal(s.dockerd?.flags[1]?.file, "etc/default/docker");
});

test("audit rules: -w and -F path= count; comments, never-rules and removed watches do not", () => {
  const s = loadHostSnapshot(
    memoryTree({
      "etc/audit/audit.rules":
        "# -w /etc/docker\n-w /etc/docker/daemon.json -p wa -k docker\n-a always,exit -F path=/usr/bin/runc -F perm=wa\n-a never,exit -F path=/usr/bin/x\n-w /var/lib/docker\n-W /var/lib/docker\n",
    }),
  );
  assert.deepEqual(
    s.audit.watches.map((w) => w.path),
    ["etc/docker/daemon.json", "usr/bin/runc"],
  );
});

test("conflicting flag and daemon.json value fails with the conflict noted", () => {
  const out = iccDisabled.evaluate(
    loadHostSnapshot(
      memoryTree({
        "etc/docker/daemon.json": '{\n  "icc": true\n}\n',
        "etc/systemd/system/docker.service": "[Service]\nExecStart=/usr/bin/dockerd --icc=false\n",
      }),
    ),
  );
  assert.equal(out.status, "fail");
  if (out.status === "fail") {
    assert.equal(out.evidence[0]?.line, 2);
    assert.match(out.evidence[0]?.detail ?? "", /refuses to start/);
  }
});

test("real loader: createDirSource + buildLayeredTree with hostCheckWants reads a case end to end", async () => {
  const dir = join(CASES_DIR, "unit-env-file");
  const source = createDirSource(dir);
  const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
  const tree = await buildLayeredTree(source, image, { wants: hostCheckWants, maxFileSize: 1 << 20 });
  const s = loadHostSnapshot(tree);
  assert.deepEqual(s.problems, []);
  assert.equal(s.serviceUnit, "lib/systemd/system/docker.service");
  assert.equal(userlandProxyDisabled.evaluate(s).status, "pass");
  assert.equal(tlsAuthOnTcp.evaluate(s).status, "pass");
  // Metadata comes from the real files: compare with lstat, not with a hard-coded mode.
  const st = lstatSync(join(dir, "etc/default/docker"));
  assert.deepEqual(s.stat("etc/default/docker"), { path: "etc/default/docker", type: "file", mode: st.mode & 0o7777, uid: st.uid, gid: st.gid });
});
