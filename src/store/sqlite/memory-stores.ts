// Stores for a SQLite \`:memory:\` database, which exists only on the connection that made it.
// Kept for the one-shot openers (openLayerExtractStore, harborScanStoreFor on a memory spec);
// openSqliteStores shares the one connection instead, so the real tables are used there too.
import type { ClaimResult, HarborScan, HarborScanStore, ScanLease } from "../../contracts/harbor-scan-store.js";
import type { LayerExtractStore, ScannerVersions, StoredLayerExtract } from "../../contracts/layer-extract-store.js";
import type { Digest } from "../../core/digest.js";
import { later } from "../harbor-scan-rows.js";

/** For a SQLite `:memory:` index store, whose tables no second connection can see: not persisted. */
export class MemoryHarborScans implements HarborScanStore {
  private readonly rows = new Map<string, HarborScan>();
  private readonly owners = new Map<string, string>();
  async insert(s: HarborScan, lease?: ScanLease): Promise<void> {
    this.rows.set(s.id, { ...s, attempts: lease ? 1 : 0, leaseUntil: lease ? later(lease.leaseMs) : null });
    if (lease) this.owners.set(s.id, lease.owner);
  }
  async update(id: string, c: Pick<HarborScan, "status" | "error" | "report" | "sbom">, owner?: string): Promise<void> {
    const old = this.rows.get(id);
    if (old !== undefined && (owner === undefined || this.owners.get(id) === owner)) this.rows.set(id, { ...old, ...c, updatedAt: new Date().toISOString() });
  }
  // In one process the only holder is this process, which renews while it runs: nothing lapses.
  async renew(id: string, lease: ScanLease): Promise<boolean> {
    const old = this.rows.get(id);
    return old !== undefined && this.owners.get(id) === lease.owner && (old.status === "pending" || old.status === "running");
  }
  async claim(): Promise<ClaimResult> {
    return { kind: "none" };
  }
  // Nothing outlives this process: there is no one to hand a job to.
  async release(): Promise<number> {
    return 0;
  }
  async get(id: string): Promise<HarborScan | null> {
    return this.rows.get(id) ?? null;
  }
  async prune(before: string): Promise<number> {
    let n = 0;
    for (const [id, s] of this.rows) if (s.createdAt < before && this.rows.delete(id)) n++;
    return n;
  }
  async close(): Promise<void> {
    this.rows.clear();
  }
}

/** For a SQLite `:memory:` index store, whose tables no second connection can see: lives as long as the process. */
export class MemoryLayerExtractStore implements LayerExtractStore {
  private readonly rows = new Map<Digest, StoredLayerExtract>();
  async get(digests: readonly Digest[]): Promise<ReadonlyMap<Digest, StoredLayerExtract>> {
    return new Map(
      digests.flatMap((d) => {
        const r = this.rows.get(d);
        return r === undefined ? [] : [[d, r] as const];
      }),
    );
  }
  async put(r: StoredLayerExtract): Promise<void> {
    this.rows.set(r.digest, { digest: r.digest, extract: Buffer.from(r.extract), scanners: { ...r.scanners } });
  }
  async addScanners(digest: Digest, scanners: ScannerVersions): Promise<boolean> {
    const old = this.rows.get(digest);
    if (old === undefined) return false;
    this.rows.set(digest, { ...old, scanners: { ...old.scanners, ...scanners } });
    return true;
  }
  async delete(digest: Digest): Promise<boolean> {
    return this.rows.delete(digest);
  }
  async close(): Promise<void> {
    this.rows.clear();
  }
}
