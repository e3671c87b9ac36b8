import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { sharedPath } from "../../test/support/shared.js";
import { ArchiveIndex } from "./archive-index.js";
import { fastParse } from "./oci-fast-parse.js";
import { ociSchemas, type SchemaName } from "./oci-schemas.js";

const schemas = ociSchemas(z);

/** Every JSON document of the test images, by the schema that reads it. */
async function documents(): Promise<{ name: SchemaName; doc: unknown; from: string }[]> {
  const out: { name: SchemaName; doc: unknown; from: string }[] = [];
  for (const file of ["debian-bookworm.oci.tar", "alpine-3.20.3.oci.tar", "busybox-multiarch.oci.tar", "alpine-3.9.6.docker.tar"]) {
    const archive = await ArchiveIndex.open(sharedPath("images", file));
    for (const [member, m] of archive.members) {
      if (m.type !== "file" || m.size > 1 << 20) continue;
      const bytes = await archive.read(member, 1 << 20);
      let doc: unknown;
      try {
        doc = JSON.parse(bytes!.toString("utf8"));
      } catch {
        continue;
      }
      const o = doc as Record<string, unknown>;
      const name: SchemaName | null =
        member === "manifest.json"
          ? "dockerManifest"
          : typeof o !== "object" || o === null || Array.isArray(o)
            ? null
            : "manifests" in o
              ? "index"
              : "layers" in o
                ? "manifest"
                : "rootfs" in o
                  ? "imageConfig"
                  : null;
      if (name !== null) out.push({ name, doc, from: `${file}:${member}` });
    }
  }
  return out;
}

/** The document with one value at `path` replaced (or removed, for `undefined`). */
function mutate(doc: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(doc)) return doc.map((x, i) => (i === head ? mutate(x, rest, value) : x)).filter((x) => x !== undefined);
  const o = { ...(doc as Record<string, unknown>) };
  const next = mutate(o[head as string], rest, value);
  if (next === undefined) delete o[head as string];
  else o[head as string] = next;
  return o;
}

function* paths(doc: unknown, at: (string | number)[] = []): Generator<(string | number)[]> {
  yield at;
  if (Array.isArray(doc)) for (const [i, x] of doc.slice(0, 3).entries()) yield* paths(x, [...at, i]);
  else if (typeof doc === "object" && doc !== null) for (const [k, x] of Object.entries(doc)) yield* paths(x, [...at, k]);
}

const REPLACEMENTS: readonly unknown[] = [undefined, null, 0, -1, 1.5, 2 ** 60, "", "x", "sha256:" + "a".repeat(64), true, [], {}, ["x"], { k: "v" }];

test("the fast reader gives what the zod schema gives, on every image document and thousands of mutations", async () => {
  const docs = await documents();
  assert.ok(docs.filter((d) => d.name === "imageConfig").length >= 4 && docs.some((d) => d.name === "dockerManifest") && docs.some((d) => d.name === "index"));
  let accepted = 0;
  let declined = 0;
  for (const { name, doc, from } of docs) {
    // The real documents take the fast path: that is the point of it.
    assert.deepEqual(fastParse(name, doc), schemas[name].parse(doc), from);
    const variants = [...paths(doc)].flatMap((p) => REPLACEMENTS.map((v) => mutate(doc, p, v)));
    variants.push(
      { ...(doc as object), unknownKey: 1 },
      { ...(doc as object), __proto__: { polluted: true } },
      JSON.parse(`{"__proto__": 1, "schemaVersion": 2}`),
    );
    for (const variant of variants) {
      const fast = fastParse(name, variant);
      const slow = schemas[name].safeParse(variant);
      if (fast === null) {
        declined++;
        continue;
      }
      accepted++;
      // Whatever the fast reader accepts, the schema accepts too, with the very same result.
      assert.ok(slow.success, `${from}: fast reader accepted what the schema rejects: ${JSON.stringify(variant).slice(0, 200)}`);
      assert.deepEqual(fast, slow.data, from);
    }
  }
  assert.ok(accepted > 100 && declined > 100, `accepted ${accepted}, declined ${declined}`);
});
