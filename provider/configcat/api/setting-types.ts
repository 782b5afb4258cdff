// Apart from the zod schemas (schemas.ts), so that the resources' public declarations can name a flag's type without
// reaching zod's, which do not compile under the tsconfig of Pulumi's TypeScript template.

/** The four flag types. */
export const SETTING_TYPES = ["boolean", "string", "int", "double"] as const;
/** A flag type. */
export type SettingType = (typeof SETTING_TYPES)[number];

/** "a boolean flag", "an int flag": a flag's type as messages name it. */
export function flagOfType(settingType: string): string {
  return `${/^[aeiou]/i.test(settingType) ? "an" : "a"} ${settingType} flag`;
}
