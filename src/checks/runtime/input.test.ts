import assert from "node:assert/strict";
import { test } from "node:test";
import { bindHostInterface, isWildcardHostIp } from "./bind-host-interface.js";
import { parseRuntime } from "./input.js";
import { privileged } from "./privileged.js";
import { loadCase } from "./testdata/cases.js";
import { parseDockerBytes, parseQuantity, parseShortPort } from "./units-util.js";

test("detects the three formats", () => {
  assert.equal(loadCase("inspect/hardened.json").input.format, "docker-inspect");
  assert.equal(loadCase("compose/hardened.yaml").input.format, "compose");
  assert.equal(loadCase("kubernetes/hardened.yaml").input.format, "kubernetes");
});

test("unset settings stay null, distinct from explicit false", () => {
  const c = parseRuntime("services:\n  a:\n    image: x\n  b:\n    image: x\n    privileged: false\n", "c.yaml").containers;
  assert.equal(c[0]!.privileged, null);
  assert.equal(c[1]!.privileged?.value, false);
  assert.equal(c[1]!.privileged?.line, 6);
});

test("unparseable or unrecognised input is a Problem, and rules skip instead of passing", () => {
  for (const text of ["services: [1\n", '{"not": "a runtime file"}', "", "just text\n"]) {
    const input = parseRuntime(text, "bad.yaml");
    assert.equal(input.containers.length, 0);
    assert.equal(input.problems.length, 1, text);
    assert.equal(input.problems[0]!.kind, "malformed-record");
    const outcome = privileged.evaluate(input);
    assert.equal(outcome.status, "skip");
  }
});

test("a file with several containers fails if any does, listing each offender", () => {
  const text = 'services:\n  a:\n    privileged: true\n  b:\n    image: ok\n  c:\n    privileged: "yes"\n';
  const outcome = privileged.evaluate(parseRuntime(text, "multi.yaml"));
  assert.equal(outcome.status, "fail");
  if (outcome.status !== "fail") return;
  assert.deepEqual(
    outcome.evidence.map((e) => [e.line, e.detail?.split(":")[0]]),
    [
      [3, "a"],
      [7, "c"],
    ],
  );
});

test("docker inspect evidence carries real JSON lines", () => {
  const { text, input } = loadCase("inspect/privileged.json");
  const outcome = privileged.evaluate(input);
  assert.equal(outcome.status, "fail");
  if (outcome.status !== "fail") return;
  assert.equal(outcome.evidence[0]!.key, "HostConfig.Privileged");
  assert.match(text.split("\n")[outcome.evidence[0]!.line! - 1]!, /"Privileged": true/);
  assert.match(outcome.evidence[0]!.detail ?? "", /^web:/);
});

test("a running container's IPv6 wildcard twin is reported next to 0.0.0.0", () => {
  const outcome = bindHostInterface.evaluate(loadCase("inspect/bind-live-wildcards.json").input);
  assert.equal(outcome.status, "fail");
  if (outcome.status === "fail")
    assert.deepEqual(
      outcome.evidence.map((e) => e.value),
      ["0.0.0.0:8080->8080/tcp", ":::8080->8080/tcp"],
    );
});

test("wildcard host IPs, IPv4 and IPv6", () => {
  for (const ip of [null, "", "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0"]) assert.equal(isWildcardHostIp(ip), true, String(ip));
  for (const ip of ["127.0.0.1", "::1", "[::1]", "10.0.0.5", "fe80::1"]) assert.equal(isWildcardHostIp(ip), false, ip);
});

test("compose short port syntax", () => {
  assert.deepEqual(parseShortPort("3000"), { hostIp: null, hostPort: null, containerPort: "3000", protocol: "tcp" });
  assert.deepEqual(parseShortPort("127.0.0.1:5000-5010:5000-5010"), {
    hostIp: "127.0.0.1",
    hostPort: "5000-5010",
    containerPort: "5000-5010",
    protocol: "tcp",
  });
  assert.deepEqual(parseShortPort("::1:6000:6000"), { hostIp: "::1", hostPort: "6000", containerPort: "6000", protocol: "tcp" });
  assert.deepEqual(parseShortPort(":::80:80/udp"), { hostIp: "::", hostPort: "80", containerPort: "80", protocol: "udp" });
  assert.deepEqual(parseShortPort("[::]:80:80"), { hostIp: "::", hostPort: "80", containerPort: "80", protocol: "tcp" });
  assert.equal(parseShortPort(""), null);
});

test("memory units: Docker bytes and Kubernetes quantities", () => {
  assert.equal(parseDockerBytes("256m"), 268435456);
  assert.equal(parseDockerBytes("1gb"), 1073741824);
  assert.equal(parseDockerBytes("lots"), null);
  assert.equal(parseQuantity("256Mi"), 268435456);
  assert.equal(parseQuantity("500m"), 0.5);
  assert.equal(parseQuantity("1e3"), 1000);
});

test("multi-document Kubernetes: Pod, CronJob and List, init containers included", () => {
  const text = [
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - name: init\n    image: busybox\n    securityContext: {privileged: true}\n  containers:\n  - name: main\n    image: x",
    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: job\n            image: x",
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: DaemonSet\n  metadata: {name: ds}\n  spec:\n    template:\n      spec:\n        containers:\n        - name: agent\n          image: x",
    "apiVersion: v1\nkind: Service\nmetadata: {name: svc}",
  ].join("\n---\n");
  const input = parseRuntime(text, "k8s.yaml");
  assert.deepEqual(input.problems, []);
  assert.deepEqual(
    input.containers.map((c) => c.name),
    ["Pod/p:init", "Pod/p:main", "CronJob/cj:job", "DaemonSet/ds:agent"],
  );
  const outcome = privileged.evaluate(input);
  assert.equal(outcome.status, "fail");
  if (outcome.status === "fail") assert.equal(outcome.evidence[0]!.line, 8);
});

test("compose merge keys (<<) are followed", () => {
  const text = "x-base: &base\n  privileged: true\nservices:\n  a:\n    <<: *base\n    image: x\n";
  const input = parseRuntime(text, "merge.yaml");
  assert.equal(input.containers[0]!.privileged?.value, true);
  assert.equal(privileged.evaluate(input).status, "fail");
});

test("docker inspect of no containers is recognised and every rule skips", () => {
  const input = parseRuntime("[]\n", "empty.json");
  assert.equal(input.format, "docker-inspect");
  assert.equal(privileged.evaluate(input).status, "skip");
});
