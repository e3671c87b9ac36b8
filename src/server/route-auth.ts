import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, RouteOptions } from "fastify";

/**
 * Who may call a route. `clair` is Clair's PSK JWT (indexer, matcher, notifier), `harbor` the
 * Authorization value Harbor was registered with, `public` needs nothing (health, metrics, the
 * OpenAPI document, and Clair v2, which never had authentication). `ui` is the /ui dashboard: a
 * session cookie signed with the PSK key, or the PSK token; its login form is `public`.
 */
export type RouteClass = "clair" | "harbor" | "ui" | "public";

/** A guard answers the request itself (401) when it is not allowed, and returns nothing otherwise. */
export type RouteGuard = (req: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

// Matched against the route's registered pattern, never against the request URL: the router
// decodes `%69ndexer`, collapses nothing and is case-sensitive, so a check on the raw URL text
// can be walked around (issue 9 §1). The guard is attached to the route itself.
const CLASSES: readonly (readonly [RegExp, RouteClass])[] = [
  [/^\/(indexer|matcher|notifier)\//, "clair"],
  [/^\/api\/v1\//, "harbor"],
  [/^\/v1\//, "public"],
  [/^\/(healthz|readyz|metrics|openapi\.json)$/, "public"],
  [/^\/ui\/login$/, "public"],
  [/^\/ui(\/|$)/, "ui"],
];

/** The class of a registered route pattern; undefined for a pattern no policy names. */
export function routeClass(pattern: string): RouteClass | undefined {
  return CLASSES.find(([re]) => re.test(pattern))?.[1];
}

export interface GuardedRoute {
  readonly method: string;
  readonly url: string;
  readonly cls: RouteClass;
}

const registered = new WeakMap<FastifyInstance, GuardedRoute[]>();

/** Every route registered on `app` with its class, as fastify registered it (tests enumerate these). */
export function guardedRoutes(app: FastifyInstance): readonly GuardedRoute[] {
  return registered.get(app) ?? [];
}

/**
 * Installs the guards before any route is registered: every route gets its class's guard in its
 * own `onRequest`, and registering a route that no class names throws at start, so a route cannot
 * exist without a decision about its guard.
 */
export function installRouteGuards(app: FastifyInstance, guards: Readonly<Record<RouteClass, RouteGuard | null>>): void {
  const list: GuardedRoute[] = [];
  registered.set(app, list);
  app.addHook("onRoute", (route: RouteOptions) => {
    const cls = routeClass(route.url);
    if (cls === undefined) throw new Error(`route ${route.method} ${route.url} has no authentication class: add it to server/route-auth.ts`);
    for (const method of [route.method].flat()) list.push({ method, url: route.url, cls });
    const guard = guards[cls];
    if (guard === null) return;
    const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [guard as onRequestHookHandler, ...(own as onRequestHookHandler[])];
  });
}
