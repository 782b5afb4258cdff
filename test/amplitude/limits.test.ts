// Issue 11, kind 5: inputs the engine cannot carry. A variant payload nested deeper than the documented limit
// (MAX_PAYLOAD_DEPTH, 32 levels) is refused at `check`, naming the payload and the limit, before any request;
// at the limit it works end to end. Values no schema bounds are refused past 64 levels. Real engine,
// emulator over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../helpers/amplitude-emulator";
import type { amplitude as amplitudeNs } from "../../provider";
import { amplitude, projectId } from "./program";
import { apiReader, outcome, readings, stackFor } from "./readings";

/** A JSON value `levels` deep, alternating objects and arrays: `{"a": [{"a": [… "leaf" …]}]}`. */
function nested(levels: number): amplitudeNs.JsonValue {
  let value: amplitudeNs.JsonValue = "leaf";
  for (let i = 0; i < levels; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

describe.each(readings)("inputs the engine cannot carry, emulating $reading", ({ options }) => {
  let em: EmulatorHandle;
  const api = apiReader(() => em);
  beforeAll(async () => {
    em = await startEmulator(options);
  });
  afterAll(async () => {
    await em?.stop();
  });

  const refused: { name: string; property: string; limit: string; declare: () => void }[] = [
    {
      name: "a flag variant payload nested 1,000 levels", property: "variants[0].payload", limit: "at most 32 levels",
      declare: () => new amplitude.Flag("deep", { projectId, key: "lim-1000", variants: [{ key: "on", payload: nested(1000) }] }),
    },
    {
      name: "a flag variant payload one level over the limit", property: "variants[1].payload", limit: "at most 32 levels",
      declare: () => new amplitude.Flag("deep", { projectId, key: "lim-33", variants: [{ key: "on" }, { key: "b", payload: nested(33) }] }),
    },
    {
      name: "an experiment variant payload nested 200 levels", property: "variants[0].payload", limit: "at most 32 levels",
      declare: () => new amplitude.Experiment("deep", { projectId, key: "lim-exp", variants: [{ key: "control", payload: nested(200) }] }),
    },
    {
      name: "an exposure event filter carrying a value nested 100 levels", property: "exposureEvent", limit: "more than 64 levels",
      declare: () => new amplitude.Experiment("deep", {
        projectId, key: "lim-exposure",
        exposureEvent: {
          event_type: "view",
          filters: [{ subprop_key: "k", subprop_op: "is", subprop_type: "event", subprop_value: ["v"], extra: nested(100) } as never],
        },
      }),
    },
  ];

  it.each(refused)("$name: preview and up refuse it at check, naming $property and the limit, sending nothing", async ({ property, limit, declare }) => {
    const test = await stackFor(() => em, "limits", async () => declare());
    try {
      await em.resetStats();
      const preview = await outcome(test.stack.preview());
      expect(preview).toContain(`${property}`);
      expect(preview).toContain(limit);
      const up = await outcome(test.stack.up());
      expect(up).toContain(property);
      expect(up).toContain(limit);
      expect(up).not.toContain("RangeError");
      expect(await em.requests()).toEqual([]);
    } finally {
      await test.cleanup();
    }
  }, 180_000);

  it("a payload at the limit (32 levels) is created, read back equal, and shows no change afterwards", async () => {
    const payload = nested(32);
    const test = await stackFor(() => em, "limits-ok", async () => {
      new amplitude.Flag("deep", { projectId, key: "lim-32", variants: [{ key: "on", payload }] });
    });
    try {
      expect(await outcome(test.stack.up())).toBe("succeeded");
      const [flag] = await api.withKey("lim-32");
      expect((await api.variants(flag.id))[0].payload).toEqual(payload);
      expect(await outcome(test.stack.preview({ refresh: true, expectNoChanges: true }))).toBe("succeeded");
      await test.stack.destroy();
    } finally {
      await test.cleanup();
    }
  });
});
