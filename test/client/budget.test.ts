import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, isApiError } from "../../provider/amplitude/api";
import { startFixture, type Fixture } from "./emulator-fixture";

let fx: Fixture | undefined;
afterEach(async () => fx?.stop());

const MESSAGE = /^Amplitude daily request budget for project 100000 is exhausted \(\d+ requests today[^)]*\); it resets at \d{4}-\d\d-\d\dT00:00:00Z \(in (\d+h\d\dm|\d+m\d\ds|\d+s)\)\. Wait, or raise amplitude:dailyRequestBudget if your plan allows more\./;

describe("daily budget", () => {
  it("fails fast once the configured budget is spent, without calling the server", async () => {
    fx = await startFixture();
    const api = fx.client({ dailyRequestBudget: 5 });
    for (let i = 0; i < 5; i += 1) await api.flags.listAll();
    fx.emu.resetStats();
    const started = Date.now();
    const err = await api.flags.listAll().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(100);
    expect(isApiError(err) && err.code).toBe(ErrorCode.DAILY_BUDGET);
    expect(String((err as Error).message)).toMatch(MESSAGE);
    expect(fx.emu.stats().total).toBe(0);
    // Another client of the same project shares the count.
    expect(fx.client({ dailyRequestBudget: 5 }).requestCount()).toBe(5);
  });

  it("fails fast when the server reports its daily quota spent", async () => {
    fx = await startFixture();
    const api = fx.client();
    await fx.admin("PUT", "/__admin/limits", { usedToday: { "100000": 100_000 } });
    fx.emu.resetStats();
    const err = await api.flags.listAll().catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.DAILY_BUDGET);
    expect(String((err as Error).message)).toMatch(MESSAGE);
    expect(String((err as Error).message)).toContain("Daily request limit exceeded");
    // Every later call fails at once, without another request.
    await expect(api.flags.get("1")).rejects.toMatchObject({ code: ErrorCode.DAILY_BUDGET });
    expect(fx.emu.stats().total).toBe(1);
  });

  it("gives up on endless 429s after the bound, saying when the quota resets", async () => {
    fx = await startFixture();
    const api = fx.client({ maxAttempts: 3, retryBaseDelayMs: 1 });
    fx.emu.setFaults({ rate429: 1 });
    const err = await api.flags.listAll().catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(ErrorCode.RATE_LIMITED);
    expect(isApiError(err) && err.attempts).toBe(3);
    expect(String((err as Error).message)).toMatch(/^list flags failed: 429 Too many requests \(GET \/api\/1\/flags\)\. The server kept answering 429 after 3 attempts; .*resets at .*T00:00:00Z/);
  });
});
