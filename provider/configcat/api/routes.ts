/**
 * Route templates of the Public Management API (design §1.2). Templates appear in error messages, limiter keys
 * and metrics; the concrete path (ids, query) is only sent on the wire.
 */

/** Query values; `undefined` entries are left out. */
export type Query = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Fills a template's `{name}` parameters (URL-encoded) and appends the query.
 * @param route - the template, e.g. `/v1/settings/{settingId}`.
 * @param params - values of its parameters.
 * @param query - query parameters.
 * @throws Error when a parameter is missing (a programming error).
 */
export function resolveRoute(route: string, params: Readonly<Record<string, string | number>> = {}, query: Query = {}): string {
  const path = route.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${route}: missing parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The templates the client uses. */
export const ROUTES = {
  me: "/v1/me",
  organizations: "/v1/organizations",
  products: "/v1/products",
  organizationProducts: "/v1/organizations/{organizationId}/products",
  product: "/v1/products/{productId}",
  productConfigs: "/v1/products/{productId}/configs",
  config: "/v1/configs/{configId}",
  productEnvironments: "/v1/products/{productId}/environments",
  environment: "/v1/environments/{environmentId}",
  productTags: "/v1/products/{productId}/tags",
  tag: "/v1/tags/{tagId}",
  productSegments: "/v1/products/{productId}/segments",
  segment: "/v1/segments/{segmentId}",
  configSettings: "/v1/configs/{configId}/settings",
  setting: "/v1/settings/{settingId}",
  sdkKeys: "/v1/configs/{configId}/environments/{environmentId}",
  valueV2: "/v2/environments/{environmentId}/settings/{settingId}/value",
  valuesV2: "/v2/configs/{configId}/environments/{environmentId}/values",
  preferences: "/v1/products/{productId}/preferences",
  valueV1: "/v1/environments/{environmentId}/settings/{settingId}/value",
  valuesV1: "/v1/configs/{configId}/environments/{environmentId}/values",
  productWebhooks: "/v1/products/{productId}/webhooks",
  configEnvironmentWebhooks: "/v1/configs/{configId}/environments/{environmentId}/webhooks",
  webhook: "/v1/webhooks/{webhookId}",
  webhookKeys: "/v1/webhooks/{webhookId}/keys",
  productPermissions: "/v1/products/{productId}/permissions",
  permissionGroup: "/v1/permissions/{permissionGroupId}",
} as const;
