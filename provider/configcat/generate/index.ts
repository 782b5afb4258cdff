/**
 * The ConfigCat program generator: reads a product and writes a stack program that adopts all of it.
 * Re-exports and the one-call entry point.
 */
import type { ConfigCatClient } from "../api";
import { readProduct, type ProductSnapshot } from "./read";
import { renderProgram, type RenderOptions } from "./render";

export { readProduct } from "./read";
export type { ConfigSnapshot, ProductSnapshot } from "./read";
export { renderProgram } from "./render";
export type { RenderOptions } from "./render";

/**
 * Reads the product and renders the adopting program.
 * @param client - a client for the credential (only GET requests are sent).
 * @param productId - the product's id (uuid).
 * @param options - rendering options.
 * @returns the program text and the snapshot it was rendered from (for summaries).
 */
export async function generateConfigCatProgram(
  client: ConfigCatClient,
  productId: string,
  options: RenderOptions = {},
): Promise<{ program: string; snapshot: ProductSnapshot }> {
  const snapshot = await readProduct(client, productId);
  return { program: renderProgram(snapshot, options), snapshot };
}
