import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { signPsk, verifyPsk, type PskAuth } from "./jwt.js";

const KEY = Buffer.from("claro-test-pre-shared-key-0123456789").toString("base64");
const AUTH: PskAuth = { key: KEY, issuers: ["clairctl", "quay"] };
const NOW = Date.UTC(2026, 0, 1);
const s = (d: number): number => Math.floor(d / 1000);

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString("base64url");
/** A token with any header, signed HS256 with `key` over what the header says (or unsigned). */
function forge(header: Record<string, unknown>, claims: Record<string, unknown>, key: string | null): string {
  const signing = `${b64(header)}.${b64(claims)}`;
  const sig = key === null ? "" : createHmac("sha256", Buffer.from(key, "base64")).update(signing).digest("base64url");
  return `${signing}.${sig}`;
}

test("a token signed with the key by an allowed issuer passes; signPsk writes HS256", async () => {
  const token = await signPsk({ iss: "clairctl", exp: s(NOW) + 60 }, KEY);
  assert.deepEqual(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()), { alg: "HS256", typ: "JWT" });
  assert.equal(await verifyPsk(`Bearer ${token}`, AUTH, NOW), null);
});

test("forged tokens are refused: another key, a changed payload, alg none, alg confusion, an unknown issuer", async () => {
  const other = await signPsk({ iss: "clairctl" }, Buffer.from("another key").toString("base64"));
  assert.equal(await verifyPsk(`Bearer ${other}`, AUTH, NOW), "token signature is invalid");
  const good = await signPsk({ iss: "clairctl" }, KEY);
  const [h, , sig] = good.split(".");
  assert.equal(await verifyPsk(`Bearer ${h}.${b64({ iss: "clairctl", admin: true })}.${sig}`, AUTH, NOW), "token signature is invalid");
  // `none` with an empty signature does not even look like a token; with a signature it is refused by algorithm.
  assert.equal(await verifyPsk(`Bearer ${forge({ alg: "none" }, { iss: "clairctl" }, null)}`, AUTH, NOW), "missing or malformed bearer token");
  assert.equal(await verifyPsk(`Bearer ${forge({ alg: "none" }, { iss: "clairctl" }, KEY)}`, AUTH, NOW), "token algorithm must be HS256");
  // The key used as an HMAC secret under another algorithm name (the RS256/HS confusion pattern).
  for (const alg of ["HS384", "HS512", "RS256", "ES256"]) {
    assert.equal(await verifyPsk(`Bearer ${forge({ alg, typ: "JWT" }, { iss: "clairctl" }, KEY)}`, AUTH, NOW), "token algorithm must be HS256", alg);
  }
  assert.equal(await verifyPsk(`Bearer ${await signPsk({ iss: "mallory" }, KEY)}`, AUTH, NOW), "token issuer is not allowed");
  assert.equal(await verifyPsk(`Bearer ${await signPsk({}, KEY)}`, AUTH, NOW), "token issuer is not allowed");
});

test("expiry and not-before: exp at now is expired, nbf after now is not valid yet, both checked against the given clock", async () => {
  assert.equal(await verifyPsk(`Bearer ${await signPsk({ iss: "quay", exp: s(NOW) }, KEY)}`, AUTH, NOW), "token has expired");
  assert.equal(await verifyPsk(`Bearer ${await signPsk({ iss: "quay", exp: s(NOW) - 3600 }, KEY)}`, AUTH, NOW), "token has expired");
  assert.equal(await verifyPsk(`Bearer ${await signPsk({ iss: "quay", nbf: s(NOW) + 60 }, KEY)}`, AUTH, NOW), "token is not valid yet");
  assert.equal(await verifyPsk(`Bearer ${await signPsk({ iss: "quay", nbf: s(NOW) - 60, exp: s(NOW) + 60 }, KEY)}`, AUTH, NOW), null);
});

test("malformed headers and tokens are refused with a reason, never accepted", async () => {
  for (const h of [undefined, "", "Basic abc", "Bearer", "Bearer a.b", "Bearer a.b.c.d", "bearer x.y.z"]) {
    assert.equal(await verifyPsk(h, AUTH, NOW), "missing or malformed bearer token", String(h));
  }
  const notJson = `${b64({ alg: "HS256" })}.${Buffer.from("not json").toString("base64url")}`;
  const sig = createHmac("sha256", Buffer.from(KEY, "base64")).update(notJson).digest("base64url");
  assert.notEqual(await verifyPsk(`Bearer ${notJson}.${sig}`, AUTH, NOW), null);
});
