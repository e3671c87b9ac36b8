// `node scripts/copy-sql.mjs OUT`: copies the SQL migration folders of src/ to OUT (dist/, or
// dist-bench/src/ for the bench build), which tsc does not, so compiled stores find them next to
// their modules as the sources do (src/store/migrations.ts).
import { cpSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const src = join(root, "src");
const out = join(root, process.argv[2] ?? "dist");

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    if (name === "migrations") cpSync(p, join(out, relative(src, p)), { recursive: true, filter: (f) => statSync(f).isDirectory() || f.endsWith(".sql") });
    else if (name !== "testdata") walk(p);
  }
}
walk(src);
