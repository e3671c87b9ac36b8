import { pullDatabaseInto, pushDatabaseFrom, refreshDatabase } from "../app/db-artifact.js";
import { parseDuration } from "../app/duration.js";
import type { AdvisoryStore } from "../contracts/store.js";
import { registryOptions, type ImageFlags } from "./check-inputs.js";
import type { ExitCode } from "./errors.js";
import { terminalProgress } from "./progress.js";

export interface DbArtifactFlags extends Pick<ImageFlags, "username" | "password" | "insecure" | "allowMetadataHosts" | "timeout"> {
  readonly db?: string;
  readonly quiet?: boolean;
  /** `db pull --force`: download and import even when the database already came from that digest. */
  readonly force?: boolean;
}

/** `claro db push REF`: the `db export` bundle as an OCI artifact; the manifest digest on stdout. */
export async function dbPushCommand(reference: string, flags: DbArtifactFlags): Promise<ExitCode> {
  const r = await pushDatabaseFrom(flags.db, reference, { registry: registryOptions(flags), progress: terminalProgress(flags.quiet ?? false) });
  const layer = r.layer.status === "exists" ? "already in the registry" : "uploaded";
  process.stderr.write(`pushed ${r.records} records of ${r.updaters} updaters to ${r.reference} (layer ${size(r.layer.size)}, ${layer})\n`);
  // Like `docker push`, the digest is what a pinned pull (`REF@sha256:…`) needs.
  process.stdout.write(`${r.reference.replace(/:[^:/@]+$/, "")}@${r.digest}\n`);
  return 0;
}

/** `claro db pull REF`: downloads and imports the artifact, or says "up to date" when the database came from that digest. */
export async function dbPullCommand(reference: string, flags: DbArtifactFlags): Promise<ExitCode> {
  const r = await pullDatabaseInto(flags.db, reference, {
    registry: registryOptions(flags),
    progress: terminalProgress(flags.quiet ?? false),
    ...(flags.force ? { force: true } : {}),
  });
  if (r.status === "up-to-date") {
    process.stderr.write(`${reference}: up to date (${r.digest})\n`);
    return 0;
  }
  process.stderr.write(
    `pulled ${reference} (${r.digest}, ${size(r.layerSize)}): imported ${r.records} records of ${r.updaters} updaters (bundle created ${r.createdAt})\n`,
  );
  return 0;
}

/**
 * `scan --db-repository REF`: pulls into the scan's database when it is empty or older than
 * --db-max-age (default 7d); one stderr line says what happened, so a scan never silently ran
 * on a database it failed to refresh (a failed pull is fatal, exit 2).
 */
export async function refreshFromRepository(
  store: AdvisoryStore,
  reference: string,
  s: DbArtifactFlags & { readonly dbMaxAge?: string | number },
): Promise<void> {
  const maxAge = parseDuration(s.dbMaxAge ?? "7d", "--db-max-age");
  const r = await refreshDatabase(store, reference, maxAge, { registry: registryOptions(s), progress: terminalProgress(s.quiet ?? false) });
  if (r === null || s.quiet) return;
  process.stderr.write(
    r.status === "up-to-date"
      ? `claro: database: ${reference} up to date (${r.digest})\n`
      : `claro: database: pulled ${reference} (${r.digest}, ${r.records} records)\n`,
  );
}

function size(bytes: number): string {
  return bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
}
