/*
 * The ConfigCat scenarios of issue 15, run in order on one stack against one emulator, each starting from the
 * state the previous one left: `up` from nothing, a no-op `preview`, `preview --refresh`, an `up` changing 10
 * values, `destroy`. Every scenario's floor is the per-endpoint one (see floor.ts).
 */
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { measure, round, type ScenarioResult } from "../amplitude/measure";
import type { ConfigCatBenchEmulator } from "./emulator-process";
import { endpointFloorSeconds, operationFloor, type RateWindow } from "./floor";
import { environmentNames, initialValue, valueName, type ConfigCatBenchSpec } from "./program";
import { checkConfigCatState } from "./verify";

/** The provider's default client budget per endpoint (`configcat:requestsPerSecond` / `requestsPerMinute`). */
export const clientBudget: RateWindow[] = [{ limit: 15, periodMs: 1000 }, { limit: 450, periodMs: 60_000 }];

export interface ConfigCatScenarioContext {
  stack: Stack;
  em: ConfigCatBenchEmulator;
  flags: number;
  parallel: number;
  /** The spec the program reads; scenarios replace it before changing the stack. */
  setSpec(spec: ConfigCatBenchSpec): void;
  log(line: string): void;
}

/** The 10 (flag, environment) values scenario 4 flips: spread over the flags and over the environments. */
export const editedValues = (n: number) => Array.from({ length: 10 }, (_, j) => ({ i: (Math.floor((n * j) / 10) + 3) % n, e: j % environmentNames.length }));

export async function runConfigCatScenarios(ctx: ConfigCatScenarioContext): Promise<ScenarioResult[]> {
  const { stack, em, flags, parallel } = ctx;
  const results: ScenarioResult[] = [];
  let spec: ConfigCatBenchSpec = { organizationId: em.organizationId, flags, value: initialValue };
  ctx.setSpec(spec);

  const run = async (id: string, title: string, operation: string, op: (onEvent: (e: EngineEvent) => void) => Promise<unknown>) => {
    let floor = operationFloor([], em.windows);
    const m = await measure({
      id, title, operation, parallel, em, run: op,
      floor: async () => (floor = operationFloor(await em.requests(), em.windows)).seconds,
    });
    Object.assign(m.result.notes, {
      floorEndpoint: floor.endpoint,
      floorEndpointRequests: floor.endpointRequests,
      // The same endpoint at the provider's own budget (15/s, 450/min), below the API's on purpose.
      clientBudgetFloorSeconds: endpointFloorSeconds(floor.endpointRequests, clientBudget),
    });
    return m;
  };
  const record = async (r: ScenarioResult, expect: "present" | "destroyed" = "present") => {
    r.state = checkConfigCatState(await em.state(), spec, expect);
    results.push(r);
    ctx.log(`${r.id}: ${r.wallSeconds}s, ${r.requests} requests, floor ${r.floorSeconds}s (${r.notes.floorEndpoint ?? "-"}), wall/floor ${r.wallOverFloor ?? "-"}, 429s ${r.received429}, failed ${r.failedResources}, state ${r.state.summary}; ${JSON.stringify(r.requestsByRoute)}`);
    return r;
  };

  // 1. Create everything: product, config, 4 environments, N flags, N × 4 values (all differ from the default).
  const up = await run("1", `up: create ${flags} flags × ${environmentNames.length} environments (+ product, config, environments)`, "up",
    (onEvent) => stack.up({ parallel, onEvent }));
  await record(up.result);
  up.result.notes.requestsPerResource = round(up.result.requests / (3 + environmentNames.length + flags * (1 + environmentNames.length)), 3);

  // 2. Nothing changed, no refresh: the engine diffs against its state alone.
  await record((await run("2", "preview, no changes", "preview", (onEvent) => stack.preview({ parallel, onEvent }))).result);

  // 3. Refresh served from one unpaginated list per collection and parent (design §1.3).
  const refresh = await run("3", "preview --refresh, no changes (batched reads)", "preview --refresh",
    (onEvent) => stack.preview({ parallel, refresh: true, onEvent }));
  refresh.result.notes.reportedChanges = refresh.events.changed();
  await record(refresh.result);

  // 4. Ten values changed in the program.
  const edited = editedValues(flags);
  const previous = spec;
  spec = { ...spec, value: (i, e) => (edited.some((x) => x.i === i && x.e === e) ? !previous.value(i, e) : previous.value(i, e)) };
  ctx.setSpec(spec);
  const edit = await run("4", "up: 10 values changed", "up", (onEvent) => stack.up({ parallel, onEvent }));
  const reported = edit.events.changed().sort();
  const expected = edited.map(({ i, e }) => valueName(i, e)).sort();
  edit.result.notes.reportedChanges = reported;
  edit.result.notes.updatesExactlyTheEdits = JSON.stringify(reported) === JSON.stringify(expected);
  await record(edit.result);

  // 5. Delete everything (values are `retain` by default: deleting the flag takes them with it).
  await record((await run("5", "destroy", "destroy", (onEvent) => stack.destroy({ parallel, onEvent }))).result, "destroyed");
  return results;
}
