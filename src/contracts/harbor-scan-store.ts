export type HarborScanStatus = "pending" | "running" | "done" | "failed";

/** One Harbor scan job (table `harbor_scans`, index migration 2). JSON columns hold opaque documents. */
export interface HarborScan {
  readonly id: string;
  readonly request: unknown;
  readonly status: HarborScanStatus;
  readonly error: string | null;
  /** The Harbor vulnerability report, once done. */
  readonly report: unknown;
  /** The index report the SBOMs are rendered from, once done. */
  readonly sbom: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Runs started so far (the first included); absent on insert. */
  readonly attempts?: number;
  /** Until when the running instance holds the job (ISO time); null: no holder. */
  readonly leaseUntil?: string | null;
}

/** Who runs a job and for how long its hold lasts without renewal. */
export interface ScanLease {
  readonly owner: string;
  readonly leaseMs: number;
}

/**
 * What a claim of a job found: taken over (run it again), given up on (too many attempts; the row
 * is now failed), or nothing to do (finished, unknown, or its lease has not lapsed).
 */
export type ClaimResult =
  { readonly kind: "claimed"; readonly scan: HarborScan } | { readonly kind: "exhausted"; readonly scan: HarborScan } | { readonly kind: "none" };

/**
 * Harbor scan jobs, persisted so that any instance (or a restarted one) answers for an id.
 * Rows live in the index store's database (index migration 2), on the backend's one pool or handle.
 */
export interface HarborScanStore {
  /** With `lease`, the job starts held by its owner (attempt 1). */
  insert(scan: HarborScan, lease?: ScanLease): Promise<void>;
  /** With `owner`, only while that owner still holds the job (a taken-over run writes nothing). */
  update(id: string, change: Pick<HarborScan, "status" | "error" | "report" | "sbom">, owner?: string): Promise<void>;
  /** Extends the owner's hold on an unfinished job; false when the owner lost it. */
  renew(id: string, lease: ScanLease): Promise<boolean>;
  /**
   * Atomically takes over an unfinished job whose lease lapsed, counting an attempt; past
   * `maxAttempts` marks it failed instead.
   */
  claim(id: string, lease: ScanLease, maxAttempts: number): Promise<ClaimResult>;
  /**
   * Hands back the unfinished jobs these owners hold (a shutdown): claimable at once by any
   * instance, and the interrupted run does not count against the attempt cap.
   */
  release(owners: readonly string[]): Promise<number>;
  get(id: string): Promise<HarborScan | null>;
  /** Deletes jobs created before `before` (ISO time); resolves the number deleted. */
  prune(before: string): Promise<number>;
  close(): Promise<void>;
}
