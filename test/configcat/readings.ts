// The emulator readings the ConfigCat engine tests run under: its defaults, and every alternative reading of what
// ConfigCat leaves undocumented at once (each switch of emulator/configcat/options.ts at its non-default value), so a
// behaviour is shown to hold whichever way the real service resolves it.
import type { ConfigCatFidelity } from "../../emulator";

/** Every fidelity switch at its alternative value. */
export const everyAlternative: Required<ConfigCatFidelity> = {
  forbiddenStatus: 403, invalidIdStatus: 404, hal: "on", rateLimitKey: "credential", rateLimitHeaders: false, retryAfterHeader: false,
  updateNulls: "clear", duplicateTagAdd: "error", listOrder: "sorted", conditionlessRules: "anywhere", bulkResponse: "listed",
  errorBodies: "text", deleteInUse: "cascade", defaultEvaluationVersion: "v2", patchEndOfArray: "rfc", noopPut: "bump",
  newProductContents: "defaults", wrongVersionStatus: 404, badSdkKeyStatus: 401, accessRefusals: "afterLimit",
  reasonRequiredStatus: 409, approvalRequiredStatus: 403, bulkLatestVersionId: "honour",
  bulkInvalidItems: "applyOthers",
};

export const readings: { reading: string; fidelity: ConfigCatFidelity }[] = [
  { reading: "the emulator's defaults", fidelity: {} },
  { reading: "every alternative reading at once", fidelity: everyAlternative },
];
