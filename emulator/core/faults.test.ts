import { describe, expect, it } from "vitest";
import { FaultInjector } from "./faults";

describe("FaultInjector", () => {
  it("never injects anything by default", () => {
    const f = new FaultInjector();
    for (let i = 0; i < 200; i++) expect(f.decide("POST")).toEqual({ outcome: "none", dropAfterWrite: false, delayMs: 0 });
  });

  it("repeats the same sequence for the same seed, and differs for another", () => {
    const run = (seed: number): string[] => {
      const f = new FaultInjector({ rate500: 0.2, rateReset: 0.2, rateDropAfterWrite: 0.3, latencyJitterMs: 10 }, seed);
      return Array.from({ length: 50 }, (_, i) => JSON.stringify(f.decide(i % 2 ? "GET" : "PATCH")));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it("roughly honours the probabilities and never drops GETs", () => {
    const f = new FaultInjector({ rate503: 0.25, rateDropAfterWrite: 1 }, 9);
    let n503 = 0;
    for (let i = 0; i < 4000; i++) {
      const d = f.decide("GET");
      if (d.outcome === 503) n503++;
      expect(d.dropAfterWrite).toBe(false);
    }
    expect(n503 / 4000).toBeGreaterThan(0.2);
    expect(n503 / 4000).toBeLessThan(0.3);
    expect(f.decide("DELETE").dropAfterWrite).toBe(true);
  });

  it("keeps latency within fixed + [0, jitter)", () => {
    const f = new FaultInjector({ latencyMs: 5, latencyJitterMs: 3 });
    for (let i = 0; i < 100; i++) {
      const { delayMs } = f.decide("GET");
      expect(delayMs).toBeGreaterThanOrEqual(5);
      expect(delayMs).toBeLessThan(8);
    }
  });

  it("reseeds on configure only when a seed is given", () => {
    const f = new FaultInjector({ rate500: 0.5 }, 4);
    const a = Array.from({ length: 10 }, () => f.decide("GET").outcome);
    f.configure({ rate500: 0.5 }, 4);
    expect(Array.from({ length: 10 }, () => f.decide("GET").outcome)).toEqual(a);
    expect(f.seed).toBe(4);
  });

  it("marks the 429s drawn from rate429WithoutRetryAfter, and a zero slice leaves a seeded sequence unchanged", () => {
    const f = new FaultInjector({ rate429: 0.2, rate429WithoutRetryAfter: 0.2 }, 3);
    const outcomes = Array.from({ length: 2000 }, () => f.decide("PUT"));
    const bare = outcomes.filter((d) => d.withoutRetryAfter === true);
    expect(bare.every((d) => d.outcome === 429)).toBe(true);
    expect(bare.length / 2000).toBeGreaterThan(0.15);
    expect(outcomes.filter((d) => d.outcome === 429 && !d.withoutRetryAfter).length / 2000).toBeGreaterThan(0.15);
    const seq = (opts: object) => {
      const g = new FaultInjector({ rate500: 0.3, rateReset: 0.1, ...opts }, 5);
      return Array.from({ length: 100 }, () => JSON.stringify(g.decide("POST")));
    };
    expect(seq({ rate429WithoutRetryAfter: 0 })).toEqual(seq({}));
  });
});
