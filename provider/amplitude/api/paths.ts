/**
 * Route templates of the Management API (reference §4). Templates appear in error messages and metrics; the
 * concrete path (with ids and query) is only ever sent on the wire.
 */

/** The two resources that share one endpoint layout. */
export type ConfigResource = "flags" | "experiments";

/** A route template plus the concrete path for one call. */
export interface ResolvedRoute {
  /** Template, e.g. `/api/1/flags/:id/variants/:variantKey`. */
  readonly route: string;
  /** Concrete path with encoded parameters and query string. */
  readonly path: string;
}

/** Query values; `undefined` entries are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Fills a route template's `:name` parameters (URL-encoded) and appends the query.
 * @param route - the template.
 * @param params - values for the template's parameters.
 * @param query - query parameters.
 * @throws Error when a parameter is missing (a programming error, caught by tests).
 */
export function resolveRoute(route: string, params: Readonly<Record<string, string>> = {}, query: Query = {}): ResolvedRoute {
  const path = route.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${route}: missing parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
  const qs = search.toString();
  return { route, path: qs ? `${path}?${qs}` : path };
}

/** Route templates for one config resource (`flags` or `experiments`). */
export function configRoutes(res: ConfigResource) {
  const base = `/api/1/${res}`;
  return {
    collection: base,
    item: `${base}/:id`,
    versions: `${base}/:id/versions`,
    variants: `${base}/:id/variants`,
    variant: `${base}/:id/variants/:variantKey`,
    users: `${base}/:id/variants/:variantKey/users`,
    bulkDeleteUsers: `${base}/:id/variants/:variantKey/bulk-delete-users`,
    cohorts: `${base}/:id/variants/:variantKey/cohorts`,
    bulkDeleteCohorts: `${base}/:id/variants/:variantKey/bulk-delete-cohorts`,
    deployments: `${base}/:id/deployments`,
    deployment: `${base}/:id/deployments/:deploymentId`,
  } as const;
}

/** Route templates outside the flag/experiment layout. */
export const ROUTES = {
  deployments: "/api/1/deployments",
  deployment: "/api/1/deployments/:id",
  versions: "/api/1/versions",
} as const;

/** Page size for list endpoints: the documented cap. */
export const PAGE_LIMIT = 1000;

/** Most ids per bulk-delete request (documented cap). */
export const BULK_DELETE_CHUNK = 100;
