import type { EngineEvent } from "@pulumi/pulumi/automation";

/** Collects the step each resource took (`create`, `update`, `replace`, `same`, …), by resource name. */
export function stepRecorder() {
  const steps = new Map<string, string>();
  // A replacement is three steps (create-replacement, replace, delete-replaced); report it as "replace".
  return {
    onEvent(event: EngineEvent) {
      const meta = event.resourcePreEvent?.metadata;
      if (!meta || meta.op === "refresh" || meta.type === "pulumi:pulumi:Stack" || meta.type.startsWith("pulumi:providers:")) return;
      const name = meta.urn.split("::").pop()!;
      if (steps.get(name) !== "replace") steps.set(name, meta.op.endsWith("replaced") || meta.op === "create-replacement" ? "replace" : meta.op);
    },
    /** Resources whose step was anything but `same`. */
    changed(): Record<string, string> {
      return Object.fromEntries([...steps].filter(([, op]) => op !== "same"));
    },
    steps,
  };
}
