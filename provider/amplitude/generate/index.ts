/**
 * The program generator: reads an Amplitude project and writes a stack program that adopts all of it.
 * Re-exports and the one-call entry point.
 */
import type { AmplitudeClient } from "../api";
import { readProject, type ProjectSnapshot } from "./read";
import { renderProgram, type RenderOptions } from "./render";

export { deploymentType, readProject } from "./read";
export type { ConfigObjectSnapshot, DeploymentSnapshot, ProjectSnapshot, VariantSnapshot } from "./read";
export { configObjectArgs, deploymentVariable, literal, renderProgram } from "./render";
export type { RenderOptions } from "./render";

/**
 * Reads the project behind `client` and renders the adopting program.
 * @param client - a client for the project (only GET requests are sent).
 * @param options - rendering options.
 * @returns the program text and the snapshot it was rendered from (for summaries).
 */
export async function generateProgram(
  client: AmplitudeClient,
  options: RenderOptions = {},
): Promise<{ program: string; snapshot: ProjectSnapshot }> {
  const snapshot = await readProject(client);
  return { program: renderProgram(snapshot, options), snapshot };
}
