import { describe, expect, it } from "vitest";
import { ApiError, ErrorCode, type ErrorContext } from "../errors";
import { manualClock } from "../testing/manual-clock";
import { dailyBudget, DailyBudget } from "./daily-budget";

describe("DailyBudget", () => {
  it("counts per UTC day and refuses when spent", () => {
    const clock = manualClock(Date.UTC(2026, 10, 23, 23, 59, 0));
    const b = new DailyBudget({ budget: 2, now: clock.now });
    expect(b.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(true);
    expect(b.tryTake()).toBe(false);
    expect(b.usedToday()).toBe(2);
    clock.advance(60_000);
    expect(b.usedToday()).toBe(0);
    expect(b.tryTake()).toBe(true);
    b.markServerExhausted();
    expect(b.exhausted()).toBe(true);
    clock.advance(86_400_000);
    expect(b.exhausted()).toBe(false);
    expect(b.limit).toBe(2);
  });
});

describe("dailyBudget step", () => {
  const clock = manualClock();
  const ctx: ErrorContext = { vendor: "Amplitude", projectId: "100000", redact: (t) => t, now: clock.now, dailyBudgetConfigKey: "amplitude:dailyRequestBudget" };
  const req = { method: "GET" as const, path: "/", route: "/api/1/flags", what: "list flags" };
  const ok = async () => ({ status: 200, headers: {}, text: "" });

  it("fails fast with the documented message once the budget is spent", async () => {
    const step = dailyBudget(new DailyBudget({ budget: 1, now: clock.now }), ctx);
    await step(req, ok);
    const calls: number[] = [];
    await expect(step(req, async () => { calls.push(1); return ok(); })).rejects.toMatchObject({
      code: ErrorCode.DAILY_BUDGET,
      message: expect.stringMatching(/^Amplitude daily request budget for project 100000 is exhausted \(1 requests today\); it resets at 2026-11-24T00:00:00Z \(in 3h12m\)\. Wait, or raise amplitude:dailyRequestBudget/),
    });
    expect(calls).toEqual([]);
  });

  it("turns a 429 that names the daily quota into a budget error for everyone", async () => {
    const budget = new DailyBudget({ now: clock.now });
    const step = dailyBudget(budget, ctx);
    const e = new ApiError("x", { code: ErrorCode.RATE_LIMITED, method: "GET", route: "/", remedy: "", serverMessage: "Daily request limit exceeded" });
    await expect(step(req, async () => { throw e; })).rejects.toMatchObject({ code: ErrorCode.DAILY_BUDGET });
    expect(budget.exhausted()).toBe(true);
    const plain = new ApiError("x", { code: ErrorCode.RATE_LIMITED, method: "GET", route: "/", remedy: "", serverMessage: "Too many requests" });
    await expect(dailyBudget(new DailyBudget(), ctx)(req, async () => { throw plain; })).rejects.toBe(plain);
  });
});
