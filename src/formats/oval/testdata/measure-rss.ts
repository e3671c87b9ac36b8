import { parseOvalChunks } from "../../../feeds/oval/advisories.js";
import { fileChunks } from "../chunks.js";
import type { CheckLeaf } from "../../../feeds/oval/advisories.js";

/**
 * Child process for the memory test: parses the file argv[2] as the updater would (one streaming
 * pass, compressed or not) with a generic profile (release = the `*-release` package's version),
 * drains every advisory keeping only a count per (id, namespace, package, fix), and prints one JSON
 * line: the record count, the distinct keys, the set of counts per key, the problems, and the peak
 * RSS once the modules are loaded (`baseRss`) and at the end (`maxRss`), in bytes.
 */
const namespaceOf = (l: CheckLeaf): string | undefined =>
  l.name?.endsWith("-release") ? `${l.name.replace(/-release$/, "")}:${(l.fields["version"]?.value ?? "").replace(/[^0-9.]/g, "")}` : undefined;
const baseRss = process.resourceUsage().maxRSS * 1024;
const out = parseOvalChunks(fileChunks(process.argv[2]!), { updater: "rss-test", cvssSource: "test", defaultNamespace: null, namespaceOf });
let count = 0;
const keys = new Map<string, number>();
for (const a of out.advisories) {
  count++;
  const k = `${a.id} ${a.namespace} ${a.packageName} ${a.fixedVersion}`;
  keys.set(k, (keys.get(k) ?? 0) + 1);
}
const distinct = keys.size;
const perKey = new Set(keys.values());
process.stdout.write(
  JSON.stringify({ count, distinct, perKey: [...perKey], problems: out.problems.length, baseRss, maxRss: process.resourceUsage().maxRSS * 1024 }) + "\n",
);
