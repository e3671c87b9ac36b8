import type { Readable } from "node:stream";
import type { ImageSource, ResolveOptions } from "../../contracts/image-source.js";
import type { Digest } from "../../core/digest.js";
import type { LayerInfo, Platform, ResolvedImage } from "../../core/image.js";
import { FatalError, isFatalError } from "../../core/problem.js";
import { normalizePlatform } from "../oci-manifest.js";
import { resolveFromRoot } from "../oci-resolve.js";
import { RegistryClient } from "./client.js";
import { clientOptions, type RegistryOptions } from "./options.js";
import { parseReference, type RegistryReference } from "./reference.js";

function clientFor(ref: RegistryReference, options: RegistryOptions): RegistryClient {
  return new RegistryClient(ref, clientOptions(ref.registry, options));
}

/**
 * An image in a registry: `alpine`, `registry:127.0.0.1:5000/test/alpine:3.9.6`,
 * `docker://quay.io/x/y@sha256:…`. The reference is parsed at once (BAD_REFERENCE); nothing is
 * fetched until `resolve`.
 */
export function createRegistrySource(reference: string, options: RegistryOptions = {}): ImageSource {
  const ref = parseReference(reference);
  const client = clientFor(ref, options);
  return {
    transport: "registry",
    resolve: (opts) => resolveWith(client, ref, reference, opts),
    openLayer: (layer: LayerInfo, signal?: AbortSignal): Promise<Readable> => client.openBlob(layer.digest, signal),
    close: () => client.close(),
  };
}

/**
 * Resolves `reference` for `platform` without reading layers, for a client that hands the layers
 * to a server (Klar to Clair v2): every manifest and the config are verified against their
 * digests and schema-checked, the platform is picked with variant normalisation, credentials
 * come from the options and docker's config. Also returns the config's digest (Klar's layer names).
 */
export async function resolveRegistryImage(
  reference: string,
  options: RegistryOptions,
  opts: ResolveOptions,
): Promise<{ image: ResolvedImage; configDigest: Digest }> {
  const ref = parseReference(reference);
  const client = clientFor(ref, options);
  try {
    let configDigest: Digest | null = null;
    const image = await resolveWith(client, ref, reference, opts, (d) => {
      configDigest = d;
    });
    if (configDigest === null) throw new FatalError("REGISTRY_ERROR", `${reference}: the manifest names no config`);
    return { image, configDigest };
  } finally {
    await client.close();
  }
}

async function resolveWith(
  client: RegistryClient,
  ref: RegistryReference,
  reference: string,
  opts: ResolveOptions,
  onConfig?: (digest: Digest) => void,
): Promise<ResolvedImage> {
  const name = `${ref.registry}/${ref.repository}`;
  const { signal } = opts;
  const root = await client.manifest(ref.digest ?? ref.tag ?? "latest", ref.digest, signal);
  let picked: Platform | undefined;
  try {
    const image = await resolveFromRoot(
      {
        manifest: async (d) => {
          if (d.platform !== undefined) picked = normalizePlatform(d.platform);
          return (await client.manifest(d.digest, d.digest, signal)).bytes;
        },
        blob: (d) => {
          onConfig?.(d.digest);
          return client.blob(d.digest, signal);
        },
      },
      { bytes: root.bytes, digest: root.digest, mediaType: root.contentType?.split(";")[0]?.trim() ?? null },
      { ref: reference, repository: ref.repository, platform: opts.platform, what: `${name}:${ref.tag ?? ref.digest ?? ""}` },
    );
    // The index entry is what was asked for and picked; configs often omit the variant (arm64/v8).
    return picked === undefined ? image : { ...image, platform: picked };
  } catch (e) {
    // The shared resolver speaks of archives; malformed documents here come from the registry.
    if (isFatalError(e) && e.code === "ARCHIVE_CORRUPT") {
      throw new FatalError("REGISTRY_ERROR", e.message, "the registry returned a malformed manifest or config", { cause: e });
    }
    throw e;
  }
}

/**
 * The Authorization header value that pulls `reference`'s repository (a bearer token or Basic
 * credentials), or null when the registry allows anonymous access. For handing to a server
 * that pulls layers itself (Clair v2 / Klar).
 */
export async function pullAuthHeader(reference: string, options: RegistryOptions = {}, signal?: AbortSignal): Promise<string | null> {
  const client = clientFor(parseReference(reference), options);
  try {
    return await client.pullAuthorization(signal);
  } finally {
    await client.close();
  }
}
