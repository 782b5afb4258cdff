// The emulator readings the issue-11 engine tests run under: the emulator's defaults, and every alternative
// fidelity switch at once (the set test/amplitude/lifecycle.test.ts uses, plus unique deployment labels), so
// each behaviour is shown to hold whichever way the real service resolves what its documentation leaves open.
import type { EmulatorOptions } from "../../emulator";
import { createTestStack, type TestStack } from "../helpers/pulumi-engine";
import { emulatorConfig, type EmulatorHandle } from "../helpers/amplitude-emulator";

export const readings: { reading: string; options: EmulatorOptions }[] = [
  { reading: "the emulator's defaults", options: {} },
  {
    reading: "every alternative reading at once",
    options: {
      fidelity: {
        variantsInLists: "keys", lastPageCursor: "null", archivedKeepKey: false, errorBody: "hapi", filterAfterPaging: true,
        maxPageSize: 2, writeOnlyExposureEvent: true, arrayOrder: "reversed", listsWithoutTimestamps: true,
        deploymentLabels: "unique",
      },
      retryAfterHeader: true,
    },
  },
];

export interface ApiConfigObject {
  id: string; key: string; name: string; description: string; enabled: boolean; deleted: boolean;
  rolloutPercentage: number; tags: string[]; deployments: string[]; variants: { key: string }[];
}
export interface ApiDeployment { id: string; label: string; key: string; deleted: boolean; projectId: string }

/** Reads of the emulator's public API, as a user of the Amplitude UI would see the project. */
export function apiReader(em: () => EmulatorHandle, projectId = "100000") {
  // Every page: a reading may cap pages far below the `limit` asked for.
  const all = async <T>(path: string, field: string): Promise<T[]> => {
    const out: T[] = [];
    let cursor: unknown;
    do {
      const page = await em().api<Record<string, unknown>>("GET", `${path}${path.includes("?") ? "&" : "?"}limit=1000${cursor ? `&cursor=${cursor}` : ""}`);
      out.push(...(page[field] as T[]));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  };
  const list = (collection: "flags" | "experiments") =>
    all<ApiConfigObject>(`/${collection}?projectId=${projectId}&includeArchived=true`, collection);
  return {
    list,
    /** Every object with this key, archived ones included. */
    withKey: async (key: string, collection: "flags" | "experiments" = "flags") => (await list(collection)).filter((o) => o.key === key),
    deployments: () => all<ApiDeployment>("/deployments", "deployments"),
    variants: (id: string, collection: "flags" | "experiments" = "flags") =>
      em().api<{ key: string; payload: unknown }[]>("GET", `/${collection}/${id}/variants`),
  };
}

/** A stack for one test's program on a fresh backend; `cleanup` removes it. */
export function stackFor(em: () => EmulatorHandle, projectName: string, program: () => Promise<unknown>): Promise<TestStack> {
  return createTestStack({ projectName, program: async () => { await program(); }, config: emulatorConfig(em()) });
}

/** The error text of a failed engine operation, or "succeeded". */
export const outcome = (run: Promise<unknown>): Promise<string> => run.then(() => "succeeded", (e: Error) => String(e));
