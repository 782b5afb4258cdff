/*
 * The results as a text table (stdout) and Markdown (bench/results/latest.md), with the targets of issue 7
 * checked next to the figures so a reader does not have to recompute them.
 */
import type { ScenarioResult } from "./measure";

export interface TargetCheck { scenario: string; target: string; actual: string; met: boolean }

/** The targets of issue 7, evaluated on these results. */
export function checkTargets(results: ScenarioResult[], flags: number): TargetCheck[] {
  const by = (id: string) => results.find((r) => r.id === id)!;
  const out: TargetCheck[] = [];
  const add = (scenario: string, target: string, actual: string, met: boolean) => out.push({ scenario, target, actual, met });
  const s1 = by("1");
  add("1", "wall ≤ 1.15 × floor", `${s1.wallOverFloor}×`, (s1.wallOverFloor ?? Infinity) <= 1.15);
  add("1", "≤ 2 requests per plain flag", String(s1.notes.requestsPerFlag), Number(s1.notes.requestsPerFlag) <= 2);
  add("2", "0 requests", String(by("2").requests), by("2").requests === 0);
  const s3 = by("3");
  const limit = Math.max(1, Math.round((15 * flags) / 1000));
  add("3", `≤ ${limit} requests for ${flags} flags`, String(s3.requests), s3.requests <= limit);
  add("3", "≤ 1 % of baseline requests", `${round2(Number(s3.notes.requestRatio) * 100)} %`, Number(s3.notes.requestRatio) <= 0.01);
  add("3", "wall ≤ 0.2 × baseline", `${s3.notes.wallRatio}×`, Number(s3.notes.wallRatio) <= 0.2);
  add("4", "reports exactly the 10 edits", `${(by("4").notes.reportedChanges as string[]).length} reported, exact: ${by("4").notes.reportsExactlyTheEdits}`, by("4").notes.reportsExactlyTheEdits === true);
  // Lists with variant keys only (issue 12): unchanged flags cost nothing per flag, edited ones one variants GET.
  const s3k = by("3k");
  add("3k", `≤ ${limit} requests for ${flags} flags`, String(s3k.requests), s3k.requests <= limit);
  const s4k = by("4k");
  add("4k", `≤ ${limit} + 10 × 1 requests`, String(s4k.requests), s4k.requests <= limit + 10);
  add("4k", "reports exactly the 10 edits", `${(s4k.notes.reportedChanges as string[]).length} reported, exact: ${s4k.notes.reportsExactlyTheEdits}`, s4k.notes.reportsExactlyTheEdits === true);
  const s6 = by("6");
  add("6", "wall ≤ 2.3 × floor", `${s6.wallOverFloor}×`, (s6.wallOverFloor ?? Infinity) <= 2.3);
  for (const r of results) {
    add(r.id, "0 failed resources; emulator state = intent", `${r.failedResources} failed; ${r.state?.ok ? "state ok" : "state differs"}`, r.failedResources === 0 && r.state?.ok === true);
  }
  return out;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const columns = ["#", "operation", "wall s", "requests", "floor s", "wall/floor", "span/floor", "429s", "failed", "RSS MB", "steps", "state"] as const;

/** The request span (first to last request) ÷ floor: the provider's pacing, without the engine's fixed costs. */
function spanOverFloor(r: ScenarioResult): string {
  const span = (r.notes.requestPhases as { requestSpanS: number | null } | undefined)?.requestSpanS;
  return span == null || r.floorSeconds < 1 ? "-" : (span / r.floorSeconds).toFixed(2);
}

function rows(results: ScenarioResult[]): string[][] {
  return results.map((r) => [
    r.id, r.operation, r.wallSeconds.toFixed(2), String(r.requests), r.floorSeconds.toFixed(2),
    r.wallOverFloor === null ? "-" : r.wallOverFloor.toFixed(2), spanOverFloor(r), String(r.received429), String(r.failedResources),
    String(r.peakProviderRssMb), Object.entries(r.steps).map(([op, n]) => `${op} ${n}`).join(", ") || "none",
    r.state?.ok ? "ok" : `DIFFERS (${r.state?.mismatches.length})`,
  ]);
}

const routes = (r: ScenarioResult) => Object.entries(r.requestsByRoute).sort().map(([route, n]) => `${route} ×${n}`).join(", ") || "none";

export function textReport(results: ScenarioResult[], targets: TargetCheck[]): string {
  const table = [columns as readonly string[], ...rows(results)];
  const widths = columns.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const line = (row: readonly string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join("  ");
  return [
    line(table[0]), widths.map((w) => "-".repeat(w)).join("  "), ...table.slice(1).map(line), "",
    ...results.map((r) => `${r.id}. ${r.title}\n   routes: ${routes(r)}\n   state: ${r.state?.summary}${notesLine(r)}`), "",
    "targets:", ...targets.map((t) => `  ${t.met ? "MET   " : "MISSED"} scenario ${t.scenario}: ${t.target} — ${t.actual}`),
  ].join("\n");
}

function notesLine(r: ScenarioResult): string {
  const { secondClient, reportedChanges, error, requestPhases, cpuSeconds, ...rest } = r.notes;
  const parts = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (requestPhases) parts.push(`requestPhases=${JSON.stringify(requestPhases)}`);
  if (cpuSeconds) parts.push(`cpuSeconds=${JSON.stringify(cpuSeconds)}`);
  if (reportedChanges) parts.push(`reported=${(reportedChanges as string[]).join(",")}`);
  if (secondClient) parts.push(`secondClient=${JSON.stringify(secondClient)}`);
  if (error) parts.push(`error=${String(error).split("\n")[0]}`);
  return parts.length ? `\n   notes: ${parts.join("; ")}` : "";
}

export function markdownReport(results: ScenarioResult[], targets: TargetCheck[], header: string): string {
  const md = (row: readonly string[]) => `| ${row.join(" | ")} |`;
  return [
    header, "",
    md(columns), md(columns.map(() => "---")), ...rows(results).map(md), "",
    "## Scenarios", "",
    ...results.map((r) => `- **${r.id}. ${r.title}** — routes: ${routes(r)}; state: ${r.state?.summary}${notesLine(r).replace("\n   notes:", "; notes:")}`), "",
    "## Targets", "",
    md(["scenario", "target", "actual", "met"]), md(["---", "---", "---", "---"]),
    ...targets.map((t) => md([t.scenario, t.target, t.actual, t.met ? "yes" : "**no**"])), "",
  ].join("\n");
}
