import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { isNotFound, type Config, type ConfigCatClient, type Environment, type Product, type Setting } from "./api";
import type { SettingType } from "./api/setting-types";
import { configureConfigCat, settingSources } from "./config";
import { checkInputs } from "../core/dynamic/check";
import { oncePerRun, programConfig, type LookupInputs } from "../core/lookups";
import { clientFor, serverKey } from "./resources/client-for";
import { describeFailure } from "./resources/errors";
import { uuid } from "./resources/validation";

/*
 * Lookups: read ConfigCat objects another team or the Dashboard manages, from a stack program, without managing them
 * (Pulumi's `get…` functions; dynamic providers cannot serve invokes, so the program calls the API itself).
 *
 * They run in the program's own process, in previews too, with the same client as the resources (per-endpoint
 * limiter, retries, error messages) and the same configuration (`configcat:*` stack config, else the environment
 * variables). Each list is fetched once per program run, however many lookups read it (design §1.3): 50 `getSetting`
 * calls on one config cost one `GET /v1/configs/{configId}/settings`.
 */

/** Arguments of {@link getProduct}: `name` or `productId`, optionally within one organization. */
export interface GetProductArgs {
  /** Organization id (uuid). Only products of this organization are considered. @default every organization the credential's user belongs to */
  organizationId?: string;
  /** The product's name (exact, case-sensitive). Give this or `productId`. */
  name?: string;
  /** The product's id (uuid). Give this or `name`. */
  productId?: string;
}

/** A product as the lookup found it (`ProductModel`). */
export interface GetProductResult {
  /** The product id (uuid); what `productId` arguments take. */
  id: string;
  /** The product id (uuid). */
  productId: string;
  /** Its organization's id. */
  organizationId: string;
  /** Its organization's name. */
  organizationName: string;
  /** Name. */
  name: string;
  /** Description, or `null`. */
  description: string | null;
  /** Display order. */
  order: number;
  /** Whether value writes need a note (product preferences). */
  reasonRequired: boolean;
  /** Whether value writes need approval (product preferences). */
  approveRequired: boolean;
}

/** Arguments of {@link getConfig} and {@link getEnvironment}: a name within a product. */
export interface GetByNameInProductArgs {
  /** Product id (uuid), e.g. `getProductOutput(…).id`. */
  productId: string;
  /** The object's name (exact, case-sensitive). */
  name: string;
}

/** A config as the lookup found it (`ConfigModel`). */
export interface GetConfigResult {
  /** The config id (uuid); what `configId` arguments take. */
  id: string;
  /** The config id (uuid). */
  configId: string;
  /** Its product's id. */
  productId: string;
  /** Its product's name. */
  productName: string;
  /** Name. */
  name: string;
  /** Description, or `null`. */
  description: string | null;
  /** Display order. */
  order: number;
  /** `v1` (legacy, `SettingValueV1`) or `v2` (`SettingValue`). */
  evaluationVersion: "v1" | "v2";
  /** For a V1 config migrated in the Dashboard, the id of the new V2 config; else `null`. */
  migratedConfigId: string | null;
}

/** An environment as the lookup found it (`EnvironmentModel`). */
export interface GetEnvironmentResult {
  /** The environment id (uuid); what `environmentId` arguments take. */
  id: string;
  /** The environment id (uuid). */
  environmentId: string;
  /** Its product's id. */
  productId: string;
  /** Its product's name. */
  productName: string;
  /** Name. */
  name: string;
  /** Description, or `null`. */
  description: string | null;
  /** Colour (an HTML colour), or `null`. */
  color: string | null;
  /** Display order. */
  order: number;
  /** Whether value writes in this environment need a note. */
  reasonRequired: boolean;
  /** Whether value writes in this environment need approval. */
  approveRequired: boolean;
}

/** Arguments of {@link getSetting}. */
export interface GetSettingArgs {
  /** Config id (uuid), e.g. `getConfigOutput(…).id`. */
  configId: string;
  /** The flag's key (exact, case-sensitive; unique in the config). */
  key: string;
}

/** A feature flag or setting as the lookup found it (`SettingModel`). */
export interface GetSettingResult {
  /** `String(settingId)`: what `SettingValue.settingId` takes, as a `configcat.Setting`'s id. */
  id: string;
  /** The flag id (int32). */
  settingId: number;
  /** Its config's id. */
  configId: string;
  /** Key. */
  key: string;
  /** Name. */
  name: string;
  /** Hint, or `null`. */
  hint: string | null;
  /** Display order. */
  order: number;
  /** `boolean`, `string`, `int` or `double`. */
  settingType: SettingType;
  /** Whether a string setting holds JSON. */
  isJson: boolean;
  /** Creation time (ISO 8601), or `null`. */
  createdAt: string | null;
  /** Ids of its tags. */
  tags: number[];
  /** Names of its tags, in the order of `tags`. */
  tagNames: string[];
}

/** Arguments of {@link getSdkKeys}. */
export interface GetSdkKeysArgs {
  /** Config id (uuid). */
  configId: string;
  /** Environment id (uuid), of the config's product. */
  environmentId: string;
}

/** The SDK keys of one config in one environment (`SdkKeysModel`). */
export interface GetSdkKeysResult {
  /** `configId:environmentId`, as a `configcat.SdkKeys`'s id. */
  id: string;
  /** The config id. */
  configId: string;
  /** The environment id. */
  environmentId: string;
  /** The primary SDK key (a credential for the SDKs). Plain text in the promise form; secret in the `Output` form. */
  primary: string;
  /** The secondary key while a rotation is in progress, else `null`. As `primary`. */
  secondary: string | null;
}

// Argument schemas: a bad argument fails naming it, before any request (the resources' id rules).
const nonEmpty = (max: number) => z.string().min(1, "is required").max(max, `must be at most ${max} characters`);
const byNameInProduct = z.strictObject({ productId: uuid("product"), name: nonEmpty(255) });
const schemas = {
  getProduct: z.strictObject({ organizationId: uuid("organization").optional(), name: nonEmpty(1000).optional(), productId: uuid("product").optional() })
    .refine((a) => (a.name === undefined) !== (a.productId === undefined), { message: "give exactly one of `name` and `productId`" }),
  getConfig: byNameInProduct,
  getEnvironment: byNameInProduct,
  getSetting: z.strictObject({ configId: uuid("config"), key: nonEmpty(255) }),
  getSdkKeys: z.strictObject({ configId: uuid("config"), environmentId: uuid("environment") }),
};
type Schemas = typeof schemas;

function checked<F extends keyof Schemas>(fn: F, args: unknown): z.output<Schemas[F]> {
  const result = checkInputs(schemas[fn] as z.ZodType, (args ?? {}) as Record<string, unknown>);
  if (result.ok) return result.value as z.output<Schemas[F]>;
  const problems = result.failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; ");
  throw new Error(`configcat lookup ${fn}: ${problems}. Nothing was sent.`);
}

// The hint every "not found" ends with: what else could explain it, naming the setting to check (never its value).
const visibility = `and that the Public API credential (${settingSources.basicAuthUsername.config}) belongs to a user with access to it.`;

/** `(there is 'NewCheckout': keys are case-sensitive)` when only the case differs. */
function caseHint(wanted: string, names: string[], what: string): string {
  const near = names.find((n) => n.toLowerCase() === wanted.toLowerCase());
  return near === undefined ? "" : ` (there is '${near}': ${what} are case-sensitive)`;
}

type Lists = { products: Product[]; configs: Config[]; environments: Environment[]; settings: Setting[] };
const parentNoun = { products: "", configs: "product", environments: "product", settings: "config" } as const;

/**
 * A collection's list, fetched once per program run and parent with the program's `configcat:*` configuration
 * (the same list endpoints the resources' batched refresh reads). A missing parent fails naming it.
 */
async function listOnce<K extends keyof Lists>(collection: K, parent: string, lookingFor: string, list: (client: ConfigCatClient) => Promise<Lists[K]>): Promise<Lists[K]> {
  configureConfigCat(programConfig());
  try {
    return await oncePerRun(`configcat|${serverKey()}|${collection}|${parent}`, () => list(clientFor()));
  } catch (e) {
    const noun = parentNoun[collection];
    if (noun && isNotFound(e)) {
      throw new Error(`configcat lookup: no ${noun} with id ${parent} (looking for ${lookingFor} in it). Check the ${noun} id, ${visibility}`);
    }
    throw new Error(describeFailure(`configcat lookup of ${lookingFor}: listing the ${collection}${noun ? ` of ${noun} ${parent}` : ""}`, e));
  }
}

/** The single object named `name`, or a clear error for none and for several (ConfigCat does not require unique names). */
function single<T>(all: T[], nameOf: (o: T) => string, idOf: (o: T) => string, name: string, noun: string, where: string, extra: string): T {
  const same = all.filter((o) => nameOf(o) === name);
  if (same.length === 1) return same[0]!;
  if (same.length === 0) {
    throw new Error(`configcat lookup: no ${noun} named '${name}' in ${where}${caseHint(name, all.map(nameOf), "names")}. Check the spelling, ${visibility}`);
  }
  throw new Error(
    `configcat lookup: ${same.length} ${noun}s are named '${name}' in ${where} (ids ${same.map(idOf).join(", ")}); ` +
      `ConfigCat does not require unique names. ${extra}Rename all but one in the ConfigCat Dashboard.`,
  );
}

/**
 * Looks up a product by name or id among the products the credential's user can see, optionally within one
 * organization. Reads `GET /v1/products` once per program run.
 * @param args - `name` or `productId`; `organizationId` to narrow.
 * @returns the product.
 * @throws Error naming the product and organization when none matches, or the ids when several products share the name.
 * @see https://api.configcat.com/docs/#tag/Products
 */
export async function getProduct(args: GetProductArgs): Promise<GetProductResult> {
  const a = checked("getProduct", args);
  const wanted = a.productId !== undefined ? `product ${a.productId}` : `product '${a.name}'`;
  const all = (await listOnce("products", "", wanted, (c) => c.products.list()))
    .filter((p) => a.organizationId === undefined || p.organization.organizationId.toLowerCase() === a.organizationId);
  const where = a.organizationId === undefined ? "the organizations the credential's user belongs to" : `organization ${a.organizationId}`;
  let p: Product;
  if (a.productId !== undefined) {
    const found = all.find((o) => o.productId.toLowerCase() === a.productId);
    if (!found) throw new Error(`configcat lookup: no product with id ${a.productId} in ${where}. Check the id, ${visibility}`);
    p = found;
  } else {
    p = single(all, (o) => o.name, (o) => o.productId, a.name!, "product", where, a.organizationId === undefined ? "Pass `organizationId` or `productId`, or " : "Pass `productId`, or ");
  }
  return {
    id: p.productId, productId: p.productId, organizationId: p.organization.organizationId, organizationName: p.organization.name,
    name: p.name, description: p.description, order: p.order, reasonRequired: p.reasonRequired, approveRequired: p.approveRequired,
  };
}

/** {@link getProduct} for `Input` arguments (for example another resource's output). */
export function getProductOutput(args: LookupInputs<GetProductArgs>): pulumi.Output<GetProductResult> {
  return pulumi.output(args).apply((a) => getProduct(a));
}

/**
 * Looks up a config by name in a product. Reads `GET /v1/products/{productId}/configs` once per product per run.
 * @param args - product id and name.
 * @returns the config.
 * @throws Error naming the config and product when none matches (or the product does not exist), or the ids when several share the name.
 * @see https://api.configcat.com/docs/#tag/Configs
 */
export async function getConfig(args: GetByNameInProductArgs): Promise<GetConfigResult> {
  const a = checked("getConfig", args);
  const all = await listOnce("configs", a.productId, `config '${a.name}'`, (c) => c.configs.list(a.productId));
  const cfg = single(all, (o) => o.name, (o) => o.configId, a.name, "config", `product ${a.productId}`, "");
  return {
    id: cfg.configId, configId: cfg.configId, productId: cfg.product.productId, productName: cfg.product.name, name: cfg.name,
    description: cfg.description, order: cfg.order, evaluationVersion: cfg.evaluationVersion, migratedConfigId: cfg.migratedConfigId,
  };
}

/** {@link getConfig} for `Input` arguments. */
export function getConfigOutput(args: LookupInputs<GetByNameInProductArgs>): pulumi.Output<GetConfigResult> {
  return pulumi.output(args).apply((a) => getConfig(a));
}

/**
 * Looks up an environment by name in a product. Reads `GET /v1/products/{productId}/environments` once per product per run.
 * @param args - product id and name.
 * @returns the environment.
 * @throws Error naming the environment and product when none matches (or the product does not exist), or the ids when several share the name.
 * @see https://api.configcat.com/docs/#tag/Environments
 */
export async function getEnvironment(args: GetByNameInProductArgs): Promise<GetEnvironmentResult> {
  const a = checked("getEnvironment", args);
  const all = await listOnce("environments", a.productId, `environment '${a.name}'`, (c) => c.environments.list(a.productId));
  const env = single(all, (o) => o.name, (o) => o.environmentId, a.name, "environment", `product ${a.productId}`, "");
  return {
    id: env.environmentId, environmentId: env.environmentId, productId: env.product.productId, productName: env.product.name, name: env.name,
    description: env.description, color: env.color, order: env.order, reasonRequired: env.reasonRequired, approveRequired: env.approveRequired,
  };
}

/** {@link getEnvironment} for `Input` arguments. */
export function getEnvironmentOutput(args: LookupInputs<GetByNameInProductArgs>): pulumi.Output<GetEnvironmentResult> {
  return pulumi.output(args).apply((a) => getEnvironment(a));
}

/**
 * Looks up a feature flag or setting by key in a config. Reads `GET /v1/configs/{configId}/settings` once per config
 * per run.
 * @param args - config id and key.
 * @returns the flag.
 * @throws Error naming the key and config when there is no such flag (or the config does not exist).
 * @see https://api.configcat.com/docs/#tag/Feature-Flags-and-Settings
 */
export async function getSetting(args: GetSettingArgs): Promise<GetSettingResult> {
  const a = checked("getSetting", args);
  const all = await listOnce("settings", a.configId, `flag '${a.key}'`, (c) => c.settings.list(a.configId));
  const s = all.find((o) => o.key === a.key);
  if (!s) {
    throw new Error(
      `configcat lookup: no flag with key '${a.key}' in config ${a.configId}${caseHint(a.key, all.map((o) => o.key), "keys")}. ` +
        `Check the key and the config, ${visibility}`,
    );
  }
  return {
    id: String(s.settingId), settingId: s.settingId, configId: s.configId, key: s.key, name: s.name, hint: s.hint, order: s.order,
    settingType: s.settingType, isJson: s.isJson, createdAt: s.createdAt, tags: s.tags.map((t) => t.tagId), tagNames: s.tags.map((t) => t.name),
  };
}

/** {@link getSetting} for `Input` arguments. */
export function getSettingOutput(args: LookupInputs<GetSettingArgs>): pulumi.Output<GetSettingResult> {
  return pulumi.output(args).apply((a) => getSetting(a));
}

/**
 * Reads the SDK keys of a config in an environment (`GET /v1/configs/{configId}/environments/{environmentId}`, once
 * per pair per run). The promise form returns the keys in **plain text**: do not export or log them unwrapped —
 * pass them through `pulumi.secret(…)`, or use {@link getSdkKeysOutput}, whose result is secret.
 * @param args - config id and environment id.
 * @returns the primary key and, during a rotation, the secondary one.
 * @throws Error naming the config and environment when either does not exist or they are of different products.
 * @see https://api.configcat.com/docs/#tag/SDK-Keys
 */
export async function getSdkKeys(args: GetSdkKeysArgs): Promise<GetSdkKeysResult> {
  const a = checked("getSdkKeys", args);
  configureConfigCat(programConfig());
  const where = `config ${a.configId} in environment ${a.environmentId}`;
  try {
    const keys = await oncePerRun(`configcat|${serverKey()}|sdkKeys|${a.configId}|${a.environmentId}`, () => clientFor().sdkKeys(a.configId, a.environmentId));
    return { id: `${a.configId}:${a.environmentId}`, configId: a.configId, environmentId: a.environmentId, primary: keys.primary, secondary: keys.secondary };
  } catch (e) {
    if (isNotFound(e)) {
      throw new Error(
        `configcat lookup: no SDK keys for ${where}: the config or the environment does not exist, or they belong to different products. ` +
          `Check both ids (getConfig and getEnvironment find them by name), ${visibility}`,
      );
    }
    throw new Error(describeFailure(`configcat lookup: reading the SDK keys of ${where}`, e));
  }
}

/**
 * {@link getSdkKeys} for `Input` arguments. The whole result is a **secret** output, since it holds the SDK keys:
 * exported or passed on, it is encrypted in state and masked in logs.
 */
export function getSdkKeysOutput(args: LookupInputs<GetSdkKeysArgs>): pulumi.Output<GetSdkKeysResult> {
  return pulumi.secret(pulumi.output(args).apply((a) => getSdkKeys(a)));
}
