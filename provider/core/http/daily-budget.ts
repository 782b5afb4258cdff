import { dailyBudgetError, ErrorCode, isApiError, type ErrorContext } from "../errors";
import { realNow, utcDay, type Now } from "../time";
import type { Step } from "./types";

/** Settings of a {@link DailyBudget}. */
export interface DailyBudgetOptions {
  /**
   * Requests allowed per UTC day; the vendor's documented daily limit.
   * @default 100000
   */
  readonly budget?: number;
  /** Clock; injectable for tests. @default Date.now */
  readonly now?: Now;
}

/**
 * Counts requests per UTC day for one project and refuses once the day's budget is spent — either the configured
 * number, or because the server said its daily quota is exhausted. The count restarts at UTC midnight, which is
 * when vendors (Amplitude) reset theirs.
 */
export class DailyBudget {
  private budget = 100_000;
  private now: Now = realNow;
  private day = "";
  private used = 0;
  private serverExhausted = false;

  /** @param options - budget and clock. */
  constructor(options: DailyBudgetOptions = {}) {
    this.configure(options);
  }

  /**
   * Applies new settings; the day's count is kept.
   * @param options - settings to change.
   */
  configure(options: DailyBudgetOptions): void {
    this.budget = Math.max(0, Math.floor(options.budget ?? 100_000));
    if (options.now) this.now = options.now;
  }

  /** Requests counted today. */
  usedToday(): number {
    this.roll();
    return this.used;
  }

  /** The configured budget. */
  get limit(): number {
    return this.budget;
  }

  /** True when no request may be sent before the next UTC midnight. */
  exhausted(): boolean {
    this.roll();
    return this.serverExhausted || this.used >= this.budget;
  }

  /** Counts one request; returns false (counting nothing) when the budget is spent. */
  tryTake(): boolean {
    if (this.exhausted()) return false;
    this.used += 1;
    return true;
  }

  /** Records that the server reported its daily quota spent; refuses everything until UTC midnight. */
  markServerExhausted(): void {
    this.roll();
    this.serverExhausted = true;
  }

  private roll(): void {
    const today = utcDay(this.now());
    if (today !== this.day) {
      this.day = today;
      this.used = 0;
      this.serverExhausted = false;
    }
  }
}

const DAILY_HINT = /daily|per day|quota/i;

/**
 * The pipeline step that counts each attempt against the daily budget and fails fast once it is spent, instead of
 * retrying for hours. A 429 whose message says the daily quota is spent marks the budget exhausted for everyone.
 * @param budget - the budget shared by every client of the same (base URL, project).
 * @param ctx - error context (vendor, project, config key, clock).
 */
export function dailyBudget(budget: DailyBudget, ctx: ErrorContext): Step {
  const isDaily = ctx.isDailyLimit ?? ((m: string) => DAILY_HINT.test(m));
  return async (request, next) => {
    if (!budget.tryTake()) {
      throw dailyBudgetError(ctx, request, { usedToday: budget.usedToday(), budget: budget.limit });
    }
    try {
      return await next(request);
    } catch (error) {
      if (isApiError(error) && error.code === ErrorCode.RATE_LIMITED && error.serverMessage && isDaily(error.serverMessage)) {
        budget.markServerExhausted();
        throw dailyBudgetError(ctx, request, { usedToday: budget.usedToday(), serverMessage: error.serverMessage });
      }
      throw error;
    }
  };
}
