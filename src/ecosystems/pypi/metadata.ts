/**
 * Core metadata (METADATA, PKG-INFO) is an RFC 822 header block: `Key: value` lines, a line
 * starting with whitespace continues the previous value, and the first blank line ends the
 * headers (the long description follows as the body). Keys repeat (`Classifier`), so each
 * maps to a list. Parsed the way Python's `email.parser` does for the fields claro reads.
 */
export interface CoreMetadata {
  readonly headers: ReadonlyMap<string, readonly string[]>;
}

export function parseCoreMetadata(text: string): CoreMetadata {
  const headers = new Map<string, string[]>();
  let current: { key: string; values: string[] } | null = null;
  for (const raw of text.replace(/^\uFEFF/, "").split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (line === "") break;
    if (/^[ \t]/.test(line)) {
      // A continuation: email.parser keeps the line break and the leading whitespace.
      if (current) {
        const last = current.values.length - 1;
        current.values[last] = `${current.values[last] ?? ""}\n${line}`;
      }
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) {
      current = null;
      continue;
    }
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).replace(/^[ \t]+/, "");
    const values = headers.get(key) ?? [];
    values.push(value);
    headers.set(key, values);
    current = { key, values };
  }
  return { headers };
}

/** The first value of a header (case-insensitive), as email.parser's `msg[key]` returns it. */
export function header(m: CoreMetadata, key: string): string | null {
  return m.headers.get(key.toLowerCase())?.[0] ?? null;
}
