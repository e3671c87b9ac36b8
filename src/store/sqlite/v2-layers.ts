import type Database from "better-sqlite3";
import type { V2Layer, V2LayerStore } from "../../contracts/v2-layer-store.js";
import { FatalError } from "../../core/problem.js";
import { CHAIN, DESCENDANTS, params, toLayer, UPSERT, type V2LayerRow } from "../v2-layer-rows.js";
import { handleFor, type SqliteHandle } from "./handle.js";

/** `v2_layers` in the SQLite file (index migration 3). */
export class SqliteV2LayerStore implements V2LayerStore {
  private readonly db: Database.Database;
  private readonly file: string;

  private constructor(private readonly handle: SqliteHandle) {
    this.db = handle.db;
    this.file = handle.path;
  }

  /** Opens the file of an already migrated index store, or shares the bundle's handle. */
  static open(conn: string | SqliteHandle): SqliteV2LayerStore {
    return new SqliteV2LayerStore(handleFor(conn));
  }

  private guard<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw new FatalError("DB_ERROR", `sqlite: ${what} in ${this.file} failed: ${firstLine(e)}`, undefined, { cause: e });
    }
  }
  private sql(q: string): string {
    return q.replace(/\$\d+/g, "?");
  }

  async put(l: V2Layer): Promise<void> {
    this.guard("saving a v2 layer", () => this.db.prepare(this.sql(UPSERT)).run(...params(l)));
  }
  async get(name: string): Promise<V2Layer | null> {
    const row = this.guard("reading a v2 layer", () => this.db.prepare<[string], V2LayerRow>("SELECT * FROM v2_layers WHERE name = ?").get(name));
    return row === undefined ? null : toLayer(row);
  }
  async chain(name: string): Promise<readonly V2Layer[]> {
    return this.guard("reading a v2 layer chain", () => this.db.prepare<[string], V2LayerRow>(this.sql(CHAIN)).all(name).map(toLayer));
  }
  async delete(name: string): Promise<boolean> {
    return this.guard("deleting a v2 layer", () => this.db.prepare(this.sql(DESCENDANTS)).run(name).changes > 0);
  }
  async close(): Promise<void> {
    this.handle.release();
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
