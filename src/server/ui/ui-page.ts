import { createHash } from "node:crypto";
import type { FastifyReply } from "fastify";
import { CLIENT_SCRIPT } from "../../report/html/client-script.js";
import { esc } from "../../report/html/escape.js";
import { STYLE } from "../../report/html/style.js";

/** What the dashboard adds to the report's stylesheet: the site bar, search and paging. */
const UI_STYLE = `
.site{background:#1d2939;color:#fff}
.site nav{max-width:1200px;margin:0 auto;padding:.35rem 16px}
.site a{color:#fff}
.site a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.site a:focus-visible{outline-color:#fff}
form.search,form.login{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.75rem 0}
form.search label,form.login label{display:flex;flex-direction:column;font-weight:600;font-size:.875rem;max-width:100%;min-width:0}
form.search input,form.search select,form.login input{font:inherit;padding:.25rem .4rem;border:1px solid #667085;border-radius:4px;min-height:2rem;max-width:100%}
form.search button,form.login button{font:inherit;padding:.25rem .9rem;min-height:2rem;border:1px solid #0b57d0;background:#0b57d0;color:#fff;border-radius:4px;cursor:pointer}
.pager{display:flex;gap:1rem;align-items:center;margin:.5rem 0}
.state-bad{color:#b42318;font-weight:600}
`;

function hash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * No inline script or style but the two known ones (by hash), nothing loaded from anywhere, forms
 * post only here, and no framing: a value that escaped escaping could neither run nor call out.
 */
export const UI_CSP = [
  "default-src 'none'",
  `style-src ${hash(STYLE)} ${hash(UI_STYLE)}`,
  `script-src ${hash(CLIENT_SCRIPT)}`,
  "img-src data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export type UiSection = "manifests" | "diff" | "notifications" | "updaters" | "login";

const SECTIONS: readonly (readonly [UiSection, string, string])[] = [
  ["manifests", "/ui", "Manifests"],
  ["diff", "/ui/diff", "Diff"],
  ["notifications", "/ui/notifications", "Notifications"],
  ["updaters", "/ui/updaters", "Updaters"],
];

export interface UiPageParts {
  readonly title: string;
  readonly section: UiSection;
  /** Already-escaped HTML of the header's sub-line. */
  readonly subtitle?: string;
  /** In-page links (the report's sections). */
  readonly nav?: readonly { readonly id: string; readonly label: string }[];
  /** Already-escaped HTML. */
  readonly body: string;
}

/** One dashboard page: the report's stylesheet and script, a site bar, and the health links. */
export function uiPage(p: UiPageParts): string {
  const site = SECTIONS.map(([id, href, label]) => `<li><a href="${href}"${id === p.section ? ' aria-current="page"' : ""}>${label}</a></li>`).join("");
  const local =
    p.nav === undefined ? "" : `<nav aria-label="Sections"><ul>${p.nav.map((n) => `<li><a href="#${esc(n.id)}">${esc(n.label)}</a></li>`).join("")}</ul></nav>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="claro">
<title>${esc(p.title)} · claro</title>
<style>${STYLE}</style>
<style>${UI_STYLE}</style>
</head>
<body>
<div class="site">${p.section === "login" ? "" : `<nav aria-label="Dashboard"><ul>${site}</ul></nav>`}</div>
<header>
<h1>${esc(p.title)}</h1>
${p.subtitle === undefined ? "" : `<p class="muted">${p.subtitle}</p>`}
${local}
</header>
<main>
${p.body}
</main>
<footer>
<p class="muted">claro serve, read-only view. Service: <a href="/healthz">health</a> · <a href="/readyz">readiness</a> · <a href="/metrics">metrics</a> · <a href="/openapi.json">OpenAPI</a></p>
</footer>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

/** Sends a page with the headers every dashboard page carries. */
export function sendPage(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .header("content-security-policy", UI_CSP)
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("cache-control", "no-store")
    .send(html);
}

/** A short page for a missing manifest, a bad parameter or a stage not reached. */
export function messagePage(title: string, section: UiSection, message: string): string {
  return uiPage({ title, section, body: `<p>${esc(message)}</p><p><a href="/ui">Back to the manifests</a></p>` });
}
