import { isJsonObject, type JsonObject, type JsonValue } from "../core/json";

/*
 * HAL (`application/hal+json`), as the 2023 OpenAPI capture had it (fidelity `hal: "on"` only): parents
 * move into `_embedded`, and `_links` map link names to URL strings.
 */

/**
 * Tells whether a request asks for HAL.
 * @param accept - the Accept header
 */
export function wantsHal(accept: string | undefined): boolean {
  return accept !== undefined && /application\/hal\+json/i.test(accept);
}

/**
 * Converts a JSON response body to its HAL form (objects it does not recognise pass through).
 * @param body - the plain JSON body
 * @param base - absolute base URL for links, e.g. `http://127.0.0.1:1234`
 */
export function toHal(body: JsonValue, base: string): JsonValue {
  if (Array.isArray(body)) return body.map((b) => toHal(b, base));
  if (!isJsonObject(body)) return body;
  const link = (path: string): string => `${base}${path}`;
  const o: JsonObject = { ...body };
  const embed = (member: string, value: JsonValue): void => {
    delete o[member];
    o._embedded = { ...(isJsonObject(o._embedded) ? o._embedded : {}), [member]: toHal(value, base) };
  };
  if (typeof o.configId === "string" && isJsonObject(o.product) && "evaluationVersion" in o) {
    embed("product", o.product);
    o._links = { self: link(`/v1/configs/${o.configId}`), settings: link(`/v1/configs/${o.configId}/settings`) };
  } else if (typeof o.environmentId === "string" && isJsonObject(o.product)) {
    embed("product", o.product);
    o._links = { self: link(`/v1/environments/${o.environmentId}`) };
  } else if (typeof o.tagId === "number" && isJsonObject(o.product)) {
    embed("product", o.product);
    o._links = { self: link(`/v1/tags/${o.tagId}`) };
  } else if (typeof o.settingId === "number" && Array.isArray(o.tags) && "configName" in o) {
    embed("tags", o.tags);
    o._links = { self: link(`/v1/settings/${o.settingId}`) };
  } else if (typeof o.productId === "string" && isJsonObject(o.organization)) {
    embed("organization", o.organization);
    const p = `/v1/products/${o.productId}`;
    o._links = {
      self: link(p), configs: link(`${p}/configs`), environments: link(`${p}/environments`), tags: link(`${p}/tags`),
      "permission-groups": link(`${p}/permissions`), members: link(`${p}/members`), segments: link(`${p}/segments`),
    };
  } else if (typeof o.organizationId === "string" && typeof o.name === "string" && Object.keys(o).length === 2) {
    o._links = { products: link("/v1/products"), members: link(`/v1/organizations/${o.organizationId}/members`) };
  }
  return o;
}
