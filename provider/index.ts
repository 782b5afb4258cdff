/**
 * Pulumi resources for feature-flag management APIs.
 *
 * @example
 * ```ts
 * import { amplitude } from "pulumi-feature-flags";
 * new amplitude.Flag("dark-mode", { projectId: "123456", key: "dark-mode" });
 * ```
 * @packageDocumentation
 */
import "./core/dynamic/require-sdk";

export * as amplitude from "./amplitude";
export * as configcat from "./configcat";
