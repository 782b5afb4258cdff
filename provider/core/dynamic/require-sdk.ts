import { SUPPORTED_PULUMI_SDK } from "../version";

// Imported first by the package's entry point. `@pulumi/pulumi` is a peer dependency, which npm with
// `legacy-peer-deps` and Yarn 1 do not install; without this the first import of it would fail with a bare
// "Cannot find module '@pulumi/pulumi'" from deep inside this package.
try {
  require.resolve("@pulumi/pulumi");
} catch {
  throw new Error(
    `pulumi-feature-flags needs @pulumi/pulumi ${SUPPORTED_PULUMI_SDK} in your project. It is a peer ` +
      `dependency, which npm with legacy-peer-deps and Yarn 1 do not install: run \`npm install @pulumi/pulumi@latest\`.`,
  );
}
