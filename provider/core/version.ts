/**
 * The package version sent in the `User-Agent` header.
 *
 * A constant rather than a runtime read of `package.json`: the compiled file lives at a different depth
 * (`dist/provider/core`) than the source, and the dynamic-provider host may load either. A unit test keeps
 * it in step with `package.json`.
 */
export const PACKAGE_VERSION = "0.2.0";

/**
 * The `@pulumi/pulumi` versions this package works with: its `peerDependencies` range, named in the
 * error for a program that loaded several SDK copies. A unit test keeps it in step with `package.json`.
 */
export const SUPPORTED_PULUMI_SDK_RANGE = { min: "3.216.0", below: "4.0.0" } as const;

/** {@link SUPPORTED_PULUMI_SDK_RANGE} as an npm range: `>=3.216.0 <4.0.0`. */
export const SUPPORTED_PULUMI_SDK = `>=${SUPPORTED_PULUMI_SDK_RANGE.min} <${SUPPORTED_PULUMI_SDK_RANGE.below}`;

/**
 * The `User-Agent` every request carries, so vendor-side audit logs show the change came from IaC.
 */
export const USER_AGENT = `pulumi-feature-flags/${PACKAGE_VERSION} (+pulumi dynamic provider)`;
