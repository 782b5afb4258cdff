import * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "../../core/dynamic/dynamic-provider";

/** How the Dashboard suggests a flag key from its name. */
export type KeyGenerationMode = "camelCase" | "lowerCase" | "upperCase" | "pascalCase" | "kebabCase";

/**
 * What happens to a product's preferences when `ProductPreferences` is deleted from the program.
 * - `retain` (default): nothing is sent; the preferences stay as they are.
 * - `reset`: the values a new product shows are written back: `keyGenerationMode: camelCase`, every other switch
 *   `false`, no environment requiring notes or approval.
 */
export type ProductPreferencesDeletionPolicy = "retain" | "reset";

/**
 * Arguments of {@link ProductPreferences}. Unset fields are not managed: never sent (their live values are sent
 * back unchanged), never compared.
 */
export interface ProductPreferencesArgs {
  /** Product id (uuid). Changing it replaces the resource. */
  productId: pulumi.Input<string>;
  /**
   * Every value change in every environment needs a note (`reason`). Do not combine `true` with
   * `reasonRequiredEnvironments` (check fails naming the property).
   */
  reasonRequired?: pulumi.Input<boolean>;
  /**
   * Environment id (uuid) → whether value changes there need a note. Only the listed environments are managed;
   * the others keep their Dashboard setting.
   */
  reasonRequiredEnvironments?: pulumi.Input<Record<string, pulumi.Input<boolean>>>;
  /** How the Dashboard suggests keys from names. A new product has `camelCase`. */
  keyGenerationMode?: pulumi.Input<KeyGenerationMode>;
  /** Show variation ids in the Dashboard. */
  showVariationId?: pulumi.Input<boolean>;
  /** Every flag needs a `hint`. */
  mandatorySettingHint?: pulumi.Input<boolean>;
  /** Value changes need approval (closed beta). Do not combine `true` with `approveRequiredEnvironments`. */
  approveRequired?: pulumi.Input<boolean>;
  /** Environment id (uuid) → whether value changes there need approval. Only the listed environments are managed. */
  approveRequiredEnvironments?: pulumi.Input<Record<string, pulumi.Input<boolean>>>;
  /** See {@link ProductPreferencesDeletionPolicy}. @default "retain" */
  deletionPolicy?: pulumi.Input<ProductPreferencesDeletionPolicy>;
}

/**
 * A product's preferences (a singleton per product: it always exists, so creating the resource takes over the live
 * preferences and writes only what differs from the program). Updates are sent as ConfigCat's
 * `POST /v1/products/{productId}/preferences` carrying every member, unmanaged ones with their live values, so the
 * write never depends on how the API treats omitted members.
 *
 * @example
 * ```ts
 * new configcat.ProductPreferences("shop", { productId: product.id, reasonRequiredEnvironments: { [prodEnvId]: true }, mandatorySettingHint: true });
 * ```
 * @see https://api.configcat.com/docs/#tag/Products/operation/update-product-preferences
 */
export class ProductPreferences extends pulumi.dynamic.Resource {
  /** The product id. */
  declare readonly productId: pulumi.Output<string>;
  /** Live: notes required everywhere. */
  declare readonly reasonRequired: pulumi.Output<boolean>;
  /** Live: environment id → notes required there (every environment of the product). */
  declare readonly reasonRequiredEnvironments: pulumi.Output<Record<string, boolean>>;
  /** Live key generation mode. */
  declare readonly keyGenerationMode: pulumi.Output<KeyGenerationMode>;
  /** Live: variation ids shown. */
  declare readonly showVariationId: pulumi.Output<boolean>;
  /** Live: hints mandatory. */
  declare readonly mandatorySettingHint: pulumi.Output<boolean>;
  /** Live: approval required everywhere. */
  declare readonly approveRequired: pulumi.Output<boolean>;
  /** Live: environment id → approval required there. */
  declare readonly approveRequiredEnvironments: pulumi.Output<Record<string, boolean>>;

  /**
   * @param name - the resource's name in the stack.
   * @param args - the preferences to manage.
   * @param opts - Pulumi resource options.
   */
  constructor(name: string, args: ProductPreferencesArgs, opts?: pulumi.CustomResourceOptions) {
    const outs = {
      reasonRequired: undefined, reasonRequiredEnvironments: undefined, keyGenerationMode: undefined, showVariationId: undefined,
      mandatorySettingHint: undefined, approveRequired: undefined, approveRequiredEnvironments: undefined,
    };
    super(dynamicProvider("configcat-product-preferences", require.resolve("../../dynamic/configcat-product-preferences")), name, { ...outs, ...args }, opts, "configcat", "ProductPreferences");
  }
}
