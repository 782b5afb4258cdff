import type { EngineEvent } from "@pulumi/pulumi/automation";

/** JSON with object keys sorted, so two equal values print the same whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  ) ?? "undefined";
}

/** Collects the step each resource took (`create`, `update`, `replace`, `same`, …), by resource name. */
export function stepRecorder() {
  const steps = new Map<string, string>();
  const refreshed = new Map<string, string[]>();
  // A replacement is three steps (create-replacement, replace, delete-replaced); report it as "replace".
  return {
    onEvent(event: EngineEvent) {
      const done = event.resOutputsEvent?.metadata;
      if (done?.op === "refresh" && done.type !== "pulumi:pulumi:Stack" && !done.type.startsWith("pulumi:providers:")) {
        const before = done.old?.outputs ?? {};
        const after = done.new?.outputs ?? {};
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
          (k) => canonical(before[k]) !== canonical(after[k]),
        );
        if (keys.length > 0) refreshed.set(done.urn.split("::").pop()!, keys.sort());
      }
      const meta = event.resourcePreEvent?.metadata;
      if (!meta || meta.op === "refresh" || meta.type === "pulumi:pulumi:Stack" || meta.type.startsWith("pulumi:providers:")) return;
      const name = meta.urn.split("::").pop()!;
      if (steps.get(name) !== "replace") steps.set(name, meta.op.endsWith("replaced") || meta.op === "create-replacement" ? "replace" : meta.op);
    },
    /** For each resource whose refresh changed its outputs, the output names that changed (none: `{}`). */
    outputChanges(): Record<string, string[]> {
      return Object.fromEntries(refreshed);
    },
    /** Resources whose step was anything but `same`. */
    changed(): Record<string, string> {
      return Object.fromEntries([...steps].filter(([, op]) => op !== "same"));
    },
    steps,
  };
}
