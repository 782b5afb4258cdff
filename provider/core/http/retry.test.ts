import { describe, expect, it } from "vitest";
import { ApiError, ErrorCode, type ErrorCode as Code } from "../errors";
import { manualClock } from "../testing/manual-clock";
import { compose } from "./compose";
import { retry } from "./retry";
import { retryPolicy } from "./retry-policy";
import { syntheticResponse, type HttpRequest, type HttpResponse } from "./types";

const fail = (code: Code, retryAfterMs?: number) => new ApiError(code, { code, method: "GET", route: "/x", remedy: "", retryAfterMs });
const ok: HttpResponse = { status: 200, headers: {}, text: "OK" };

/** A scripted transport: each attempt takes the next outcome and records the request body. */
function scripted(outcomes: Array<ApiError | HttpResponse>) {
  const bodies: Array<string | undefined> = [];
  const handler = async (r: HttpRequest) => {
    bodies.push(r.body);
    const next = outcomes.shift();
    if (next === undefined) throw new Error("script exhausted");
    if (next instanceof ApiError) throw next;
    return next;
  };
  return { handler, bodies };
}

function setup(outcomes: Array<ApiError | HttpResponse>, maxAttempts = 8) {
  const clock = manualClock(0);
  const s = scripted(outcomes);
  const send = compose(s.handler, retry({ policy: retryPolicy({ maxAttempts, random: () => 1 - 1e-9, baseDelayMs: 100, maxDelayMs: 1000 }), sleep: clock.sleep }));
  return { send, clock, bodies: s.bodies };
}

describe("retry step", () => {
  it("retries GET through 429, 5xx, resets and timeouts with growing backoff", async () => {
    const { send, clock } = setup([fail(ErrorCode.RATE_LIMITED), fail(ErrorCode.SERVER), fail(ErrorCode.NETWORK), fail(ErrorCode.TIMEOUT), ok]);
    await expect(send({ method: "GET", path: "/x", route: "/x", what: "get" })).resolves.toBe(ok);
    expect(clock.sleeps).toEqual([99, 199, 399, 799]);
  });

  it("waits exactly the server's Retry-After (plus jitter on top)", async () => {
    const { send, clock } = setup([fail(ErrorCode.RATE_LIMITED, 60_000), ok]);
    await send({ method: "GET", path: "/x", route: "/x", what: "get" });
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(60_000);
  });

  it("replays identical bytes", async () => {
    const { send, bodies } = setup([fail(ErrorCode.SERVER), ok]);
    await send({ method: "PATCH", path: "/x", route: "/x", what: "p", body: '{"a":1}' });
    expect(bodies).toEqual(['{"a":1}', '{"a":1}']);
  });

  it("never replays a POST without reconciler after an ambiguous failure, but does after 429", async () => {
    const a = setup([fail(ErrorCode.TIMEOUT), ok]);
    await expect(a.send({ method: "POST", path: "/x", route: "/x", what: "c", body: "{}" })).rejects.toMatchObject({ code: ErrorCode.TIMEOUT });
    expect(a.bodies).toHaveLength(1);
    const b = setup([fail(ErrorCode.RATE_LIMITED), ok]);
    await expect(b.send({ method: "POST", path: "/x", route: "/x", what: "c", body: "{}" })).resolves.toBe(ok);
  });

  it("replays a POST marked replayable (a full replace) after an ambiguous failure, like a PUT", async () => {
    const { send, bodies } = setup([fail(ErrorCode.SERVER), fail(ErrorCode.NETWORK), ok]);
    await expect(send({ method: "POST", path: "/x", route: "/x", what: "bulk", body: '{"all":1}', replayable: true })).resolves.toBe(ok);
    expect(bodies).toEqual(['{"all":1}', '{"all":1}', '{"all":1}']);
  });

  it("reconciles a POST: returns what it found, or replays when nothing was created", async () => {
    const found = syntheticResponse('{"id":"7"}');
    const a = setup([fail(ErrorCode.NETWORK)]);
    await expect(a.send({ method: "POST", path: "/x", route: "/x", what: "c", reconcile: async () => found })).resolves.toBe(found);
    expect(a.bodies).toHaveLength(1);
    const b = setup([fail(ErrorCode.SERVER), ok]);
    let checks = 0;
    await expect(b.send({ method: "POST", path: "/x", route: "/x", what: "c", reconcile: async () => { checks += 1; return undefined; } })).resolves.toBe(ok);
    expect(checks).toBe(1);
    expect(b.bodies).toHaveLength(2);
  });

  it("checks once more after the last ambiguous attempt", async () => {
    const found = syntheticResponse("OK");
    let checks = 0;
    const { send } = setup([fail(ErrorCode.SERVER), fail(ErrorCode.SERVER)], 2);
    await expect(send({ method: "POST", path: "/x", route: "/x", what: "c", reconcile: async () => (++checks === 2 ? found : undefined) })).resolves.toBe(found);
  });

  it("does not retry 4xx and gives up after the bound with the hook's error for 429", async () => {
    const a = setup([fail(ErrorCode.BAD_REQUEST), ok]);
    await expect(a.send({ method: "GET", path: "/x", route: "/x", what: "g" })).rejects.toMatchObject({ code: ErrorCode.BAD_REQUEST });
    expect(a.bodies).toHaveLength(1);
    const clock = manualClock(0);
    const s = scripted([fail(ErrorCode.RATE_LIMITED), fail(ErrorCode.RATE_LIMITED), fail(ErrorCode.RATE_LIMITED)]);
    const send = compose(s.handler, retry({
      policy: retryPolicy({ maxAttempts: 3 }), sleep: clock.sleep,
      onRateLimitGiveUp: (last, n) => new ApiError(`gave up after ${n}`, { code: last.code, method: "GET", route: "/x", remedy: "" }),
    }));
    await expect(send({ method: "GET", path: "/x", route: "/x", what: "g" })).rejects.toThrow("gave up after 3");
    const plain = setup([fail(ErrorCode.SERVER), fail(ErrorCode.RATE_LIMITED)], 2);
    await expect(plain.send({ method: "GET", path: "/x", route: "/x", what: "g" })).rejects.toMatchObject({ code: ErrorCode.RATE_LIMITED });
  });
});

describe("compose", () => {
  it("runs steps outermost first and rejects non-functions", async () => {
    const order: string[] = [];
    const send = compose(
      async () => { order.push("t"); return ok; },
      async (r, n) => { order.push("a"); return n(r); },
      async (r, n) => { order.push("b"); return n(r); },
    );
    await send({ method: "GET", path: "/", route: "/", what: "x" });
    expect(order).toEqual(["a", "b", "t"]);
    expect(() => compose(async () => ok, 1 as never)).toThrow(TypeError);
  });
});
