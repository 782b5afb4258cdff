/**
 * The module the serialized provider shims load in the engine's provider process, resolved from the
 * program's directory: the package must be installed there (it is, as a dependency of the program).
 * @internal
 */
export const dynamicEntry = "pulumi-feature-flags/dynamic";
