import { z } from "zod";
import { Coalescer, ErrorCode, isApiError } from "../../core";
import { processRegistry } from "../../core/dynamic/process-registry";
import type { Requester } from "./requester";
import { ROUTES } from "./routes";
import { SettingFormulaSchema, type SettingFormula } from "./schemas";

/*
 * Coalesced V2 value writes (design §1.4 "batchValueWrites"): single-flag full replaces to the same config ×
 * environment with the same note and approval flag, arriving close together, go as one
 * `POST /v2/configs/{configId}/environments/{environmentId}/values` (`UpdateEvaluationFormulasModel`, reference
 * §4.11.3: only the listed flags change, each fully replaced). Replaying such a POST has the effect of one send, so the
 * retry policy replays it after 5xx and network errors like a PUT. A refused batch falls back to one PUT per flag, so
 * the refusal names the flag it is about.
 */

/** How long a batch of value writes stays open after its first write, in milliseconds. */
export const VALUE_BATCH_WINDOW_MS = 50;

/** Most flags in one bulk value POST. ConfigCat states no limit; 100 keeps requests and answers moderate (design §1.4 [CHOICE]). */
export const VALUE_BATCH_MAX = 100;

/** Body of one V2 value write (`UpdateEvaluationFormulaModel`). */
interface FormulaBody {
  defaultValue: unknown;
  targetingRules: unknown[];
  percentageEvaluationAttribute?: string | null;
}

/** One flag's value write waiting for its batch. */
export interface BatchedValueWrite {
  readonly configId: string;
  readonly environmentId: string;
  readonly settingId: number;
  readonly body: FormulaBody;
  readonly reason?: string;
  readonly bypassApproval?: boolean;
  /** Where the batch goes: any requester of the write's (server, credential); all of them share one limiter. */
  readonly http: Requester;
  /** The single-flag PUT, for a batch of one and for the fallback. */
  readonly replace: () => Promise<SettingFormula>;
}

/**
 * The bulk answer (`ConfigSettingFormulasModel`), keeping only the written flags: the server may list every flag of the
 * config (the emulator's default), and only the written ones are the callers' business.
 */
const bulkAnswer = (written: ReadonlySet<number>) => z.object({
  settingFormulas: z.array(z.unknown())
    .transform((items) => items.filter((f) => written.has(Number((f as { setting?: { settingId?: unknown } } | null)?.setting?.settingId))))
    .pipe(z.array(SettingFormulaSchema)),
});

/**
 * Errors after which each write is sent alone: the server refused the batch (a bad formula, a flag gone, a conflict),
 * and a single PUT names the flag at fault. Credential, rate-limit and server failures would only repeat per flag.
 */
const PER_FLAG: ReadonlySet<string> = new Set([ErrorCode.BAD_REQUEST, ErrorCode.NOT_FOUND, ErrorCode.ALREADY_EXISTS, ErrorCode.FORBIDDEN, ErrorCode.RESPONSE_SHAPE]);

const settle = (write: BatchedValueWrite): Promise<SettingFormula | Error> =>
  write.replace().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));

async function sendBatch(writes: readonly BatchedValueWrite[]): Promise<ReadonlyArray<SettingFormula | Error>> {
  // One write: the PUT is the same single request, with a one-flag answer and an error about that flag.
  if (writes.length === 1) return [await writes[0]!.replace()];
  const { http, configId, environmentId, reason, bypassApproval } = writes[0]!;
  let answered: SettingFormula[];
  try {
    answered = (await http.json({
      what: `replace ${writes.length} flag values`, method: "POST", route: ROUTES.valuesV2, params: { configId, environmentId },
      query: { reason: reason || undefined, bypassApproval: bypassApproval ? true : undefined },
      body: { updateFormulas: writes.map((w) => ({ settingId: w.settingId, ...w.body })) },
      replayable: true,
    }, bulkAnswer(new Set(writes.map((w) => w.settingId))))).settingFormulas;
  } catch (e) {
    if (!isApiError(e) || !PER_FLAG.has(e.code)) throw e;
    return Promise.all(writes.map(settle));
  }
  const byId = new Map(answered.map((f) => [f.setting.settingId, f]));
  // A flag the answer leaves out was not confirmed written: its own PUT (a full replace) settles it.
  return Promise.all(writes.map((w) => byId.get(w.settingId) ?? settle(w)));
}

const coalescer: Coalescer<BatchedValueWrite, SettingFormula> = processRegistry("pulumi-feature-flags.configcat.value-batches",
  () => new Coalescer<BatchedValueWrite, SettingFormula>({ windowMs: VALUE_BATCH_WINDOW_MS, maxBatch: VALUE_BATCH_MAX, send: sendBatch }));

/**
 * Sends one flag's value write in the open batch of its (server, credential, config, environment, note, approval flag).
 * @param write - the write.
 * @returns the flag's value as the server answered it (the bulk answer's item, or the PUT's).
 */
export function batchedValueWrite(write: BatchedValueWrite): Promise<SettingFormula> {
  const key = JSON.stringify([write.http.scope, write.configId, write.environmentId, write.reason || "", write.bypassApproval === true]);
  return coalescer.submit(key, write);
}
