import { readFileSync } from "node:fs";
import { parseOval } from "../advisories.js";

/**
 * Child process for the memory test: parses argv[2] with a generic profile (release = the
 * `*-release` package's version), drains every advisory without keeping them, and prints the
 * count, the problems and the peak RSS in bytes as one JSON line.
 */
const body = readFileSync(process.argv[2]!);
const out = parseOval(body, {
  updater: "rss-test",
  cvssSource: "test",
  defaultNamespace: null,
  namespaceOf: (l) => (l.name?.endsWith("-release") ? `${l.name.replace(/-release$/, "")}:${(l.fields["version"]?.value ?? "").replace(/[^0-9.]/g, "")}` : undefined),
});
let count = 0;
for (const _ of out.advisories) count++;
process.stdout.write(JSON.stringify({ count, problems: out.problems.length, bodyBytes: body.length, maxRss: process.resourceUsage().maxRSS * 1024 }) + "\n");
