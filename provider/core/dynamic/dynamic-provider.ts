import type * as pulumi from "@pulumi/pulumi";
import { dynamicEntry } from "./entry-name";
import { DynamicShim } from "./shim";
import { assertSingleSdk } from "./single-sdk";

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object to hand `pulumi.dynamic.Resource`, which Pulumi serializes into every resource's state.
 *
 * When the package is installed the ordinary way (one `node_modules` segment in its path), this is the
 * provider *module* itself: Pulumi's serializer recognizes a module it finds under node_modules and stores
 * only `require("pulumi-feature-flags/dynamic/<kind>")` — about 300 bytes instead of 4 KB per copy, and the
 * state holds two copies per resource, so a 1,000-flag stack's checkpoint (rewritten after every step on
 * file and S3 backends) shrinks by more than half. Anywhere else (this repository, `npm link`, pnpm's
 * nested store) the serializer would copy the module's code by value, so a small {@link DynamicShim} that
 * loads the package by name at call time stands in. Either way, no client, limiter or key is captured, and
 * `read` and `delete` of resources already in state run the installed version.
 *
 * Every resource constructor calls this first, so it is also where a program that loaded a second copy of
 * `@pulumi/pulumi` is stopped with a clear message before anything is registered.
 *
 * @param kind - the provider module's name under `dynamic/`, e.g. `amplitude-flag`.
 * @param modulePath - its resolved file name (`require.resolve`), as the serializer will see it.
 * @throws Error when several copies of `@pulumi/pulumi` are loaded (see `single-sdk.ts`).
 */
export function dynamicProvider(kind: string, modulePath: string): pulumi.dynamic.ResourceProvider {
  assertSingleSdk();
  let provider = providers.get(modulePath);
  if (!provider) {
    // The same object every time: the SDK caches the serialized text per provider object.
    const nodeModulesSegments = modulePath.split(/[\\/]/).filter((part) => part === "node_modules").length;
    provider = nodeModulesSegments === 1
      ? (require(modulePath) as pulumi.dynamic.ResourceProvider)
      : new DynamicShim(dynamicEntry, kind);
    providers.set(modulePath, provider);
  }
  return provider;
}
