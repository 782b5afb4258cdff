import type { Handler, Step } from "./types";

/**
 * Chains pipeline steps around a terminal handler: `compose(send, a, b)` runs `a`, which calls `b`, which calls
 * `send`. The first step is the outermost.
 * @param terminal - the handler at the end of the chain (the transport).
 * @param steps - steps, outermost first.
 * @throws TypeError when a step is not a function, at build time rather than on the first request.
 * @example
 * const send = compose(transport, retry(policy), dailyBudget(budget), inFlight(sem), rateLimit(bucket), responseErrors(ctx));
 */
export function compose(terminal: Handler, ...steps: Step[]): Handler {
  steps.forEach((step, i) => {
    if (typeof step !== "function") throw new TypeError(`compose: step ${i} is not a function`);
  });
  return steps.reduceRight<Handler>((next, step) => (request) => step(request, next), terminal);
}
