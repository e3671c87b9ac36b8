import assert from "node:assert/strict";
import { test } from "node:test";
import type { ImageSource } from "../../contracts/image-source.js";
import { buildLayeredTree, createDockerArchiveSource, createOciArchiveSource } from "../../image/index.js";
import { sharedPath } from "../../../test/support/shared.js";
import { imageRules } from "./index.js";
import { type ImageCheckInput, imageCheckWants } from "./input.js";

async function load(source: ImageSource): Promise<ImageCheckInput> {
  const image = await source.resolve({ platform: { os: "linux", architecture: "amd64" } });
  const tree = await buildLayeredTree(source, image, { wants: [...imageCheckWants], maxFileSize: 64 << 20 });
  await source.close();
  return { ref: image.ref, tag: null, config: image.config, tree };
}

const bookworm = sharedPath("images/debian-bookworm.oci.tar");

test("bookworm-minbase fails the non-root user check", async () => {
  const input = await load(createOciArchiveSource(bookworm, "bookworm-minbase"));
  const out = imageRules["non-root-user"].evaluate(input);
  assert.equal(out.status, "fail");
  if (out.status === "fail") assert.equal(out.evidence[0]?.key, "config.User");
});

test("bookworm-multilayer: non-root passes, HEALTHCHECK fails, 8 setuid binaries listed", async () => {
  const input = await load(createOciArchiveSource(bookworm, "bookworm-multilayer"));
  const user = imageRules["non-root-user"].evaluate(input);
  assert.equal(user.status, "pass");
  if (user.status === "pass") assert.equal(user.detail, "runs as 'app' (uid 1000)");
  assert.equal(imageRules.healthcheck.evaluate(input).status, "fail");
  const suid = imageRules["setuid-setgid-files"].evaluate(input);
  assert.equal(suid.status, "fail");
  if (suid.status !== "fail") return;
  const setuid = suid.evidence.filter((e) => (e.detail ?? "").startsWith("setuid")).map((e) => (e.file ?? "").split("/").pop());
  assert.deepEqual(setuid.sort(), ["chfn", "chsh", "gpasswd", "mount", "newgrp", "passwd", "su", "umount"]);
  // The base rootfs ADD is not a user ADD; the apt lists were trimmed; no secrets in the app.
  assert.equal(imageRules["copy-not-add"].evaluate(input).status, "pass");
  assert.equal(imageRules.secrets.evaluate(input).status, "pass");
  assert.equal(imageRules["unique-uid-gid"].evaluate(input).status, "pass");
});

test("alpine-3.9.6 is checked without errors: every rule returns an outcome", async () => {
  const input = await load(createDockerArchiveSource(sharedPath("images/alpine-3.9.6.docker.tar")));
  const statuses: Record<string, string> = {};
  for (const [id, rule] of Object.entries(imageRules)) statuses[id] = rule.evaluate(input).status;
  assert.equal(Object.keys(statuses).length, Object.keys(imageRules).length);
  assert.equal(statuses["non-root-user"], "fail");
  assert.equal(statuses["empty-password"], "pass");
  assert.equal(statuses["latest-tag"], "skip");
  for (const s of Object.values(statuses)) assert.ok(["pass", "fail", "skip", "manual"].includes(s));
});
