import type { FastifyInstance } from "fastify";
import { esc } from "../../report/html/escape.js";
import type { PskAuth } from "../jwt.js";
import { safeNext, sameKey, SESSION_COOKIE, SESSION_SECONDS, sessionValue } from "./ui-auth.js";
import { sendPage, uiPage } from "./ui-page.js";

function loginPage(next: string, failed: boolean): string {
  return uiPage({
    title: "Sign in",
    section: "login",
    subtitle: "This server requires its key (the authKey it was started with, CLARO_AUTH_KEY).",
    body: `${failed ? `<p class="warn" role="alert">That is not this server's key.</p>` : ""}
<form class="login" method="post" action="/ui/login">
<input type="hidden" name="next" value="${esc(next)}">
<label for="key">Key<input id="key" name="key" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`,
  });
}

const field = (body: unknown, name: string): string => {
  const v = typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === "string" ? v : "";
};

/**
 * GET and POST /ui/login (route class `public`: they are how one gets in). A right key sets an
 * HttpOnly, SameSite=Strict cookie on /ui signed with the key and goes back to the page asked for.
 * Without authKey there is nothing to sign in to, and both go to /ui.
 */
export function registerUiLogin(ui: FastifyInstance, auth: PskAuth | null): void {
  // A browser's form body; parsed in this context only, so no API route starts accepting forms.
  ui.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 16_384 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  ui.get<{ Querystring: { next?: string } }>("/ui/login", { schema: { hide: true } }, async (req, reply) => {
    if (auth === null) return reply.code(303).header("location", "/ui").send();
    return sendPage(reply, loginPage(safeNext(req.query.next), false));
  });

  ui.post("/ui/login", { schema: { hide: true } }, async (req, reply) => {
    if (auth === null) return reply.code(303).header("location", "/ui").send();
    const next = safeNext(field(req.body, "next") || "/ui");
    if (!sameKey(field(req.body, "key"), auth.key)) return sendPage(reply, loginPage(next, true), 401);
    return reply
      .setCookie(SESSION_COOKIE, sessionValue(), {
        signed: true,
        httpOnly: true,
        sameSite: "strict",
        path: "/ui",
        maxAge: SESSION_SECONDS,
        secure: req.protocol === "https",
      })
      .code(303)
      .header("location", next)
      .header("cache-control", "no-store")
      .send();
  });
}
