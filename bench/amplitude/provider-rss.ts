/*
 * Peak resident memory (and, to explain where wall time goes, CPU seconds) of the dynamic-provider process the Pulumi CLI starts for each operation, and CPU seconds of the CLI (the engine) itself. Polled
 * with `ps` because the process belongs to the CLI, not to us; only descendants of this bench process count,
 * since other Pulumi runs on the machine start processes with the same command line.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const pollMs = 200;

interface Proc { pid: number; ppid: number; rssKb: number; cpuS: number; args: string }

async function processes(): Promise<Proc[]> {
  const { stdout } = await run("ps", ["-eo", "pid=,ppid=,rss=,times=,args="], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split("\n").flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    return m ? [{ pid: Number(m[1]), ppid: Number(m[2]), rssKb: Number(m[3]), cpuS: Number(m[4]), args: m[5] }] : [];
  });
}

interface Sample { rssMb: number; cpu: Map<number, { kind: "engine" | "provider"; cpuS: number }> }

/** The largest RSS (MB) of our dynamic-provider processes in one `ps` sample (0 when none runs), and CPU times. */
async function sample(root: number): Promise<Sample> {
  const all = await processes();
  const parent = new Map(all.map((p) => [p.pid, p.ppid]));
  const descends = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && hops < 16; p = parent.get(p), hops++) if (p === root) return true;
    return false;
  };
  const ours = all.filter((p) => descends(p.pid));
  const providers = ours.filter((p) => p.args.includes("dynamic-provider"));
  const engines = ours.filter((p) => /\/pulumi (up|preview|destroy|refresh)\b/.test(p.args));
  const cpu = new Map<number, { kind: "engine" | "provider"; cpuS: number }>();
  for (const p of providers) cpu.set(p.pid, { kind: "provider", cpuS: p.cpuS });
  for (const p of engines) cpu.set(p.pid, { kind: "engine", cpuS: p.cpuS });
  return { rssMb: providers.length === 0 ? 0 : Math.max(...providers.map((p) => p.rssKb)) / 1024, cpu };
}

export interface ProcessFigures {
  peakRssMb: number;
  /** CPU seconds (whole seconds, as `ps` reports them) of the engine (CLI) and the provider process. */
  engineCpuS: number;
  providerCpuS: number;
  /** CPU seconds of this process: the inline program's language host and the event stream. */
  programCpuS: number;
}

/** Starts polling; `stop()` resolves to the peak RSS seen (MB; 0 when the provider never ran) and CPU times. */
export function watchProviderRss(root = process.pid): { stop(): Promise<ProcessFigures> } {
  let peak = 0;
  let running = true;
  const lastCpu = new Map<number, { kind: "engine" | "provider"; cpuS: number }>();
  const cpu0 = process.cpuUsage();
  const poll = async () => {
    const s = await sample(root).catch((): Sample => ({ rssMb: 0, cpu: new Map() }));
    peak = Math.max(peak, s.rssMb);
    for (const [pid, c] of s.cpu) lastCpu.set(pid, c);
  };
  const loop = (async () => {
    while (running) {
      await poll();
      await new Promise((r) => setTimeout(r, pollMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const total = (kind: string) => [...lastCpu.values()].filter((c) => c.kind === kind).reduce((a, c) => a + c.cpuS, 0);
      const used = process.cpuUsage(cpu0);
      return {
        peakRssMb: Math.round(peak),
        engineCpuS: total("engine"),
        providerCpuS: total("provider"),
        programCpuS: Math.round((used.user + used.system) / 1e5) / 10,
      };
    },
  };
}
