/**
 * Everything an image or a feed supplies (package names, titles, descriptions, links) is
 * attacker-controlled, so every value passes through one of these before it reaches the page.
 */
const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for element content and for double-quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON for a `<script type="application/json">` element: `</script>`, `<!--` and `]]>` cannot
 * appear once `<`, `>` and `&` are escapes, and U+2028/9 are escaped for old JSON-as-JS readers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Only http(s) links become hrefs: a feed's `javascript:` or `data:` link stays text. */
export function safeHref(url: string): string | null {
  return /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
}

/** A link when the URL is safe, its escaped text otherwise. */
export function link(url: string, text: string = url): string {
  const href = safeHref(url);
  return href === null ? esc(text) : `<a href="${esc(href)}" rel="noopener noreferrer">${esc(text)}</a>`;
}

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "unknown";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
