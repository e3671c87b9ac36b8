import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IndexSink } from "../../formats/oval/index-reader.js";
import type { CriteriaNode, OvalDefinition, OvalIndex, OvalObject, OvalState, OvalTest } from "../../formats/oval/types.js";

const TABLES = ["tests", "objects", "states"] as const;
type Table = (typeof TABLES)[number];

/** Rows inserted per transaction: few enough to hold, many enough that commits are cheap. */
const INSERT_BATCH = 4096;
/**
 * SQLite's page cache, in KiB: with the rows on disk this (and one batch) is all the index costs
 * in the process, whatever the document's size; the OS file cache serves the rest.
 */
const CACHE_KIB = 2048;

/** Directories of stores not closed yet: removed at exit if a consumer dropped its records unread. */
const live = new Set<string>();
let exitHook = false;
const removeDir = (dir: string): void => {
  live.delete(dir);
  rmSync(dir, { recursive: true, force: true });
};
const orphans = new FinalizationRegistry<() => void>((release) => release());

type Row = { id: string; body: string };

/**
 * The tests, objects and states of one document in a temporary SQLite file (in os.tmpdir(),
 * removed on close), so the index does not grow the heap with the document: Red Hat and SUSE files
 * run to hundreds of MB. Records go in as JSON as the parser closes them; definitions are then
 * resolved a batch at a time against an in-memory index of just the records that batch reaches.
 */
export class IndexStore implements IndexSink {
  private readonly db: Database.Database;
  private readonly dir: string;
  private readonly insert: Record<Table, Database.Statement<[string, string]>>;
  private readonly select: Record<Table, Database.Statement<[string], Row>>;
  private pending: [Table, string, string][] = [];
  private closed = false;

  constructor() {
    const dir = mkdtempSync(join(tmpdir(), "claro-oval-index-"));
    live.add(dir);
    if (!exitHook) {
      exitHook = true;
      process.once("exit", () => [...live].forEach(removeDir));
    }
    try {
      this.db = new Database(join(dir, "index.db"));
      // A scratch file: nothing to recover after a crash, so no journal and no fsync.
      this.db.pragma("journal_mode = OFF");
      this.db.pragma("synchronous = OFF");
      this.db.pragma("locking_mode = EXCLUSIVE");
      this.db.pragma("temp_store = FILE");
      this.db.pragma(`cache_size = -${CACHE_KIB}`);
      for (const t of TABLES) this.db.exec(`CREATE TABLE ${t} (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL) WITHOUT ROWID`);
    } catch (e) {
      removeDir(dir);
      throw e;
    }
    this.dir = dir;
    const db = this.db;
    // A later record with the same id replaces the earlier one, as Map.set did.
    const ins = (t: Table): Database.Statement<[string, string]> => db.prepare<[string, string]>(`INSERT OR REPLACE INTO ${t} (id, body) VALUES (?, ?)`);
    const sel = (t: Table): Database.Statement<[string], Row> =>
      db.prepare<[string], Row>(`SELECT id, body FROM ${t} WHERE id IN (SELECT value FROM json_each(?))`);
    this.insert = { tests: ins("tests"), objects: ins("objects"), states: ins("states") };
    this.select = { tests: sel("tests"), objects: sel("objects"), states: sel("states") };
    orphans.register(this, () => release(db, dir), this);
  }

  test(t: OvalTest): void {
    this.add("tests", t.id, t);
  }

  object(o: OvalObject): void {
    this.add("objects", o.id, o);
  }

  state(s: OvalState): void {
    this.add("states", s.id, s);
  }

  private add(table: Table, id: string, rec: OvalTest | OvalObject | OvalState): void {
    this.pending.push([table, id, JSON.stringify(rec)]);
    if (this.pending.length >= INSERT_BATCH) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const [table, id, body] of rows) this.insert[table].run(id, body);
    })();
  }

  /** The tests `defs`' criteria name, and the objects and states those tests name, in memory. */
  lookup(defs: readonly OvalDefinition[]): OvalIndex {
    this.flush();
    const testRefs = new Set<string>();
    for (const d of defs) if (d.criteria !== null) collectTestRefs(d.criteria, testRefs);
    const tests = this.fetch<OvalTest>("tests", testRefs);
    const objectRefs = new Set<string>();
    const stateRefs = new Set<string>();
    for (const t of tests.values()) {
      if (t.objectRef !== null) objectRefs.add(t.objectRef);
      for (const s of t.stateRefs) stateRefs.add(s);
    }
    return { tests, objects: this.fetch<OvalObject>("objects", objectRefs), states: this.fetch<OvalState>("states", stateRefs) };
  }

  private fetch<T>(table: Table, ids: ReadonlySet<string>): Map<string, T> {
    const out = new Map<string, T>();
    if (ids.size === 0) return out;
    for (const row of this.select[table].all(JSON.stringify([...ids]))) out.set(row.id, JSON.parse(row.body) as T);
    return out;
  }

  /** Closes the database and removes its file; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    orphans.unregister(this);
    release(this.db, this.dir);
  }
}

function release(db: Database.Database, dir: string): void {
  try {
    if (db.open) db.close();
  } finally {
    removeDir(dir);
  }
}

function collectTestRefs(node: CriteriaNode, out: Set<string>): void {
  if (node.kind === "criterion") out.add(node.testRef);
  else if (node.kind === "criteria") for (const c of node.children) collectTestRefs(c, out);
}
