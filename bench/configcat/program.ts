/*
 * The ConfigCat benchmark's stack: 1 product, 1 V2 config, 4 environments and N boolean flags (`Setting`), each
 * with a `SettingValue` in every environment. Described by plain data so a scenario can change some values and
 * run `up` again, and so the emulator's state can be checked against the same description.
 */
import type { configcat as configcatNs } from "../../provider";

export interface ConfigCatBenchSpec {
  organizationId: string;
  flags: number;
  /** The value flag `i` serves in environment `e` (an index into {@link environmentNames}). */
  value(i: number, e: number): boolean;
}

export const productName = "Bench";
export const configName = "Bench config";
export const environmentNames = ["Development", "Test", "Staging", "Production"] as const;

export const flagKey = (i: number) => `benchFlag${String(i).padStart(5, "0")}`;
export const flagName = (i: number) => `flag${i}`;
export const valueName = (i: number, e: number) => `flag${i}-${environmentNames[e].toLowerCase()}`;
/**
 * `true` everywhere except in Production, where every other flag keeps serving the default (`false`), so the
 * environments do not all hold the same thing. `up` therefore writes 3.5 × N values (the provider reads each
 * value first and writes only those that differ) and reads all 4 × N.
 */
export const initialValue = (i: number, e: number) => e < 3 || i % 2 === 0;

/**
 * An inline program declaring `spec()` as it is when the engine runs the program.
 * @param lib - the package's `configcat` namespace (the installed copy, as users have it).
 */
export function configcatBenchProgram(spec: () => ConfigCatBenchSpec, lib: typeof configcatNs) {
  return async () => {
    const { organizationId, flags, value } = spec();
    const product = new lib.Product("product", { organizationId, name: productName });
    const config = new lib.Config("config", { productId: product.id, name: configName, evaluationVersion: "v2" });
    const environments = environmentNames.map((name) => new lib.Environment(name.toLowerCase(), { productId: product.id, name }));
    for (let i = 0; i < flags; i++) {
      const flag = new lib.Setting(flagName(i), { configId: config.id, key: flagKey(i), name: `Bench flag ${i}`, settingType: "boolean" });
      environments.forEach((environment, e) => {
        new lib.SettingValue(valueName(i, e), {
          environmentId: environment.id, settingId: flag.id, settingType: flag.settingType, value: value(i, e),
        });
      });
    }
    return {};
  };
}
