import { SaxesParser } from "saxes";
import { z } from "zod";

/** One `<item>` of an ALAS RSS feed, validated. */
export interface AlasRssItem {
  /** `ALAS-2018-939`, `ALAS2-2023-2000`, `ALAS2KERNEL-5.10-2023-001`… */
  readonly id: string;
  /** The lowercase severity in the title: `critical`, `important`, `medium`, `low`. */
  readonly severity: string;
  /** The source packages named in the title (`kernel`, `vim`). */
  readonly packages: readonly string[];
  readonly cves: readonly string[];
  readonly link: string;
  readonly pubDate: string | null;
}

export interface AlasRss {
  readonly channelTitle: string;
  readonly items: readonly AlasRssItem[];
  /** Items that failed validation, as readable details. */
  readonly rejected: readonly string[];
}

const rawItem = z.object({
  title: z.string().min(1),
  description: z.string().default(""),
  link: z.string().min(1),
  pubDate: z.string().optional(),
});

// `ALAS-2018-939 (critical): kernel` — also `ALAS2KERNEL-5.10-2023-001 (important): kernel, perf`.
const TITLE = /^(ALAS[A-Z0-9.]*(?:-[A-Z0-9.]+)*?-[0-9]{4}-[0-9]+)\s*\(([a-zA-Z]+)\)\s*:\s*(.*)$/;

/**
 * Parses ALAS RSS with a SAX parser, keeping only the text of item children, so a feed of
 * thousands of items costs one pass and no DOM. Throws on XML that is not well formed (a
 * truncated download); a single item that does not read as an advisory is `rejected`. `xml` may
 * come in pieces (a file read a chunk at a time), so the document itself is never one string.
 */
export function parseAlasRss(xml: string | Iterable<string>): AlasRss {
  const parser = new SaxesParser({ xmlns: false });
  const stack: string[] = [];
  let fields: Record<string, string> | null = null;
  let channelTitle = "";
  const items: AlasRssItem[] = [];
  const rejected: string[] = [];
  let error: Error | null = null;
  parser.on("error", (e) => {
    error ??= e;
  });
  parser.on("opentag", (tag) => {
    stack.push(tag.name);
    if (tag.name === "item") fields = {};
  });
  const onText = (text: string): void => {
    const name = stack[stack.length - 1];
    const parent = stack[stack.length - 2];
    if (name === undefined) return;
    if (fields !== null && parent === "item") fields[name] = (fields[name] ?? "") + text;
    else if (name === "title" && parent === "channel") channelTitle += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", (tag) => {
    stack.pop();
    if (tag.name !== "item" || fields === null) return;
    const item = toItem(fields);
    if (typeof item === "string") rejected.push(item);
    else items.push(item);
    fields = null;
  });
  for (const piece of typeof xml === "string" ? [xml] : xml) parser.write(piece);
  parser.close();
  if (error !== null) throw error;
  return { channelTitle: channelTitle.trim(), items, rejected };
}

function toItem(fields: Record<string, string>): AlasRssItem | string {
  const parsed = rawItem.safeParse(fields);
  if (!parsed.success) return `item ${fields["title"] ?? "(untitled)"}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
  const title = parsed.data.title.trim();
  const m = TITLE.exec(title);
  if (!m) return `item '${title}': title is not 'ALAS-… (severity): packages'`;
  const cves = [...parsed.data.description.matchAll(/CVE-[0-9]{4}-[0-9]+/g)].map((c) => c[0]);
  return {
    id: m[1]!,
    severity: m[2]!.toLowerCase(),
    packages: m[3]!
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p !== ""),
    cves: [...new Set(cves)],
    link: parsed.data.link.trim(),
    pubDate: parsed.data.pubDate?.trim() || null,
  };
}
