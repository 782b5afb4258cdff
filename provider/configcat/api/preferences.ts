import { z } from "zod";
import { reconciler } from "./reconcile";
import type { Requester } from "./requester";
import { ROUTES } from "./routes";

/** `KeyGenerationMode`: how the Dashboard suggests flag keys from names. */
export const KEY_GENERATION_MODES = ["camelCase", "lowerCase", "upperCase", "pascalCase", "kebabCase"] as const;
/** A `KeyGenerationMode`. */
export type KeyGenerationMode = (typeof KEY_GENERATION_MODES)[number];

const nullableList = <T extends z.ZodType>(item: T) => z.array(item).nullable().optional().transform((v) => v ?? []);

/** `PreferencesModel`. */
export const PreferencesSchema = z.object({
  reasonRequired: z.boolean().optional().default(false),
  keyGenerationMode: z.enum(KEY_GENERATION_MODES).optional().default("camelCase"),
  showVariationId: z.boolean().optional().default(false),
  mandatorySettingHint: z.boolean().optional().default(false),
  reasonRequiredEnvironments: nullableList(z.object({ environmentId: z.string(), reasonRequired: z.boolean().nullable().optional() })),
  approveRequired: z.boolean().optional().default(false),
  approveRequiredEnvironments: nullableList(z.object({ environmentId: z.string(), approveRequired: z.boolean().nullable().optional() })),
});
/** A product's preferences. */
export type Preferences = z.output<typeof PreferencesSchema>;

/** `UpdatePreferencesRequest`. */
export interface PreferencesBody {
  reasonRequired?: boolean;
  keyGenerationMode?: KeyGenerationMode;
  showVariationId?: boolean;
  mandatorySettingHint?: boolean;
  reasonRequiredEnvironments?: { environmentId: string; reasonRequired: boolean }[];
  approveRequired?: boolean;
  approveRequiredEnvironments?: { environmentId: string; approveRequired: boolean }[];
}

/** Operations on a product's preferences. */
export interface PreferencesApi {
  /** `GET /v1/products/{productId}/preferences`. */
  get(productId: string): Promise<Preferences>;
  /**
   * `POST /v1/products/{productId}/preferences` (an update, 200). A POST is never replayed blindly: after an ambiguous
   * failure `reconcile` says whether the preferences already read as sent.
   */
  update(productId: string, body: PreferencesBody, reconcile?: () => Promise<Preferences | undefined>): Promise<Preferences>;
}

/** @internal */
export function preferencesEndpoints(http: Requester): PreferencesApi {
  return {
    get: (productId) => http.json({ what: "get product preferences", method: "GET", route: ROUTES.preferences, params: { productId } }, PreferencesSchema),
    update: (productId, body, find) => http.json({
      what: "update product preferences", method: "POST", route: ROUTES.preferences, params: { productId }, body, reconcile: reconciler(find),
    }, PreferencesSchema),
  };
}
