/** The result of matching a request against a route table. */
export type RouteMatch<H> =
  | { readonly kind: "found"; readonly handler: H; readonly params: Record<string, string>; readonly route: string }
  | { readonly kind: "method-not-allowed"; readonly allowed: string[] }
  | { readonly kind: "not-found" };

interface Route<H> {
  method: string;
  template: string;
  segments: string[];
  handler: H;
}

/**
 * A small route table over path templates such as `/api/1/flags/:id`. Matching is a scan over
 * pre-split segments: with a few dozen routes this costs far less than the JSON work per request.
 */
export class Router<H> {
  private readonly routes: Route<H>[] = [];

  /**
   * Adds a route.
   * @param method - HTTP method
   * @param template - path template; `:name` segments capture a parameter
   * @param handler - the handler to return on a match
   */
  add(method: string, template: string, handler: H): this {
    this.routes.push({ method, template, segments: template.split("/").slice(1), handler });
    return this;
  }

  /**
   * Finds the route for a request.
   * @param method - HTTP method
   * @param path - the URL path without query string
   * @throws URIError when a segment holds a malformed percent-escape
   */
  match(method: string, path: string): RouteMatch<H> {
    const parts = path.split("/").slice(1);
    if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop(); // tolerate one trailing slash
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      return { kind: "found", handler: route.handler, params, route: `${route.method} ${route.template}` };
    }
    return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
  }
}

function matchSegments(template: string[], parts: string[]): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    if (t.startsWith(":")) {
      if (parts[i] === "") return undefined;
      params[t.slice(1)] = decodeURIComponent(parts[i]);
    } else if (t !== parts[i]) {
      return undefined;
    }
  }
  return params;
}
