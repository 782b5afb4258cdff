import { describe, expect, it } from "vitest";
import {
  ApiError, dailyBudgetError, errorFromException, errorFromResponse, ErrorCode, extractServerMessage, isAlreadyExists, isApiError, isNotFound,
  isRateLimited, rateLimitGaveUpError, responseShapeError, type ErrorContext,
} from "./errors";
import { redactText, Secret } from "./redact";

const secret = new Secret("sekret-key-123");
const ctx: ErrorContext = {
  vendor: "Amplitude",
  projectId: "100000",
  redact: (t) => redactText(t, [secret]),
  isNotFound: (s, m) => s === 400 && /not found|does not exist/i.test(m),
  dailyBudgetConfigKey: "amplitude:dailyRequestBudget",
  now: () => Date.UTC(2026, 10, 23, 20, 48, 0),
};
const req = { what: "update flag", method: "PATCH", route: "/api/1/flags/:id" };

describe("errorFromResponse", () => {
  it.each([
    [401, '{"error":"Invalid API key"}', ErrorCode.UNAUTHORIZED],
    [403, '{"error":"Forbidden"}', ErrorCode.FORBIDDEN],
    [400, '{"error":"Flag or experiment not found"}', ErrorCode.NOT_FOUND],
    [400, '{"error":"Variant key does not exist"}', ErrorCode.NOT_FOUND],
    [400, '{"error":"\\"inclusions\\" must be an array"}', ErrorCode.BAD_REQUEST],
    [404, "", ErrorCode.BAD_REQUEST],
    [429, "Too many requests", ErrorCode.RATE_LIMITED],
    [500, "boom", ErrorCode.SERVER],
    [503, "", ErrorCode.SERVER],
  ])("maps %i %s to %s", (status, body, code) => {
    const e = errorFromResponse(ctx, req, status, body);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
    expect(isApiError(e)).toBe(true);
  });

  it("builds the documented message shape with the route template and remedy", () => {
    const e = errorFromResponse(ctx, req, 403, '{"error":"no access"}');
    expect(e.message).toBe("update flag failed: 403 no access (PATCH /api/1/flags/:id). The key has no access to project 100000; use a key created for that project.");
    expect(e.serverMessage).toBe("no access");
    expect(e.route).toBe("PATCH /api/1/flags/:id");
  });

  it("uses vendor remedies when given", () => {
    const e = errorFromResponse({ ...ctx, remedies: { FF_ERR_UNAUTHORIZED: "Set amplitude:managementApiKey." } }, req, 401, "");
    expect(e.message).toBe("update flag failed: 401 (PATCH /api/1/flags/:id). Set amplitude:managementApiKey.");
    expect(e.remedy).toBe("Set amplitude:managementApiKey.");
  });

  it("never shows the key or a bearer header echoed by the server", () => {
    const e = errorFromResponse(ctx, req, 400, '{"error":"bad header Authorization: Bearer sekret-key-123 and sekret-key-123"}');
    expect(e.message).not.toContain("sekret-key-123");
    expect(JSON.stringify(e)).not.toContain("sekret-key-123");
  });

  it("keeps the retry-after it is given", () => {
    expect(errorFromResponse(ctx, req, 429, "", 1500).retryAfterMs).toBe(1500);
  });
});

describe("extractServerMessage", () => {
  it("reads error, message and errors[]; falls back to text; truncates", () => {
    expect(extractServerMessage('{"error":"x"}')).toBe("x");
    expect(extractServerMessage('{"message":"y"}')).toBe("y");
    expect(extractServerMessage('{"errors":["a",{"b":1}]}')).toBe('a; {"b":1}');
    expect(extractServerMessage("{not json")).toBe("{not json");
    expect(extractServerMessage("OK")).toBe("OK");
    expect(extractServerMessage("x".repeat(400))).toHaveLength(301);
  });
});

describe("other factories", () => {
  it("network and timeout errors redact the cause", () => {
    const n = errorFromException(ctx, req, Object.assign(new Error("socket hang up sekret-key-123"), { code: "ECONNRESET" }), false);
    expect(n.code).toBe(ErrorCode.NETWORK);
    expect(n.message).toContain("ECONNRESET");
    expect(n.message).not.toContain("sekret");
    expect(String((n as Error & { cause?: Error }).cause?.message)).not.toContain("sekret");
    expect(errorFromException(ctx, req, new Error("aborted"), true).code).toBe(ErrorCode.TIMEOUT);
    expect(errorFromException(ctx, req, "weird", false).message).toContain("weird");
  });

  it("shape errors name the field", () => {
    const e = responseShapeError(ctx, { ...req, method: "GET", route: "/api/1/flags" }, [
      { path: ["flags", 3, "id"], message: "Invalid input" }, { path: [], message: "a" }, { path: ["b"], message: "b" }, { path: ["c"], message: "c" },
    ]);
    expect(e.code).toBe(ErrorCode.RESPONSE_SHAPE);
    expect(e.message).toContain("flags[3].id: Invalid input");
    expect(e.message).toContain("(body): a");
    expect(e.message).toContain("and 1 more");
  });

  it("daily budget message says when it resets", () => {
    const e = dailyBudgetError(ctx, req, { usedToday: 100000, budget: 100000 });
    expect(e.code).toBe(ErrorCode.DAILY_BUDGET);
    expect(e.message).toMatch(
      /^Amplitude daily request budget for project 100000 is exhausted \(100000 requests today\); it resets at 2026-11-24T00:00:00Z \(in 3h12m\)\. Wait, or raise amplitude:dailyRequestBudget if your plan allows more\./,
    );
    expect(e.retryAfterMs).toBe(3 * 3600_000 + 12 * 60_000);
    expect(isRateLimited(e)).toBe(true);
    const s = dailyBudgetError(ctx, req, { usedToday: 5, serverMessage: "daily limit exceeded" });
    expect(s.status).toBe(429);
    expect(s.message).toContain("the server says: daily limit exceeded");
  });

  it("rate-limit give-up names attempts, wait and reset", () => {
    const last = errorFromResponse(ctx, req, 429, '{"error":"Too many requests"}', 2000);
    const e = rateLimitGaveUpError(ctx, last, 8);
    expect(e.code).toBe(ErrorCode.RATE_LIMITED);
    expect(e.attempts).toBe(8);
    expect(e.message).toMatch(/^update flag failed: 429 Too many requests \(PATCH \/api\/1\/flags\/:id\)\. The server kept answering 429 after 8 attempts; the server asked to wait 2s; .*resets at 2026-11-24T00:00:00Z \(in 3h12m\)/);
  });
});

describe("guards", () => {
  it("work across realms by code and reject look-alikes", () => {
    const foreign = { name: "ApiError", code: "FF_ERR_NOT_FOUND", message: "x" };
    expect(isApiError(foreign)).toBe(true);
    expect(isNotFound(foreign)).toBe(true);
    expect(isApiError(new Error("x"))).toBe(false);
    expect(isApiError(null)).toBe(false);
    expect(isApiError({ name: "ApiError", code: "OTHER" })).toBe(false);
    expect(new ApiError("m", { code: ErrorCode.SERVER, method: "GET", route: "/", remedy: "" }).name).toBe("ApiError");
  });
});

// The error body format is undocumented (reference §2.2); the observed messages are Joi/hapi ones. Every
// plausible shape must give the same message and the same classification.
describe("error body shapes", () => {
  const shapes: Array<[string, (message: string) => string]> = [
    ["plain text", (m) => m],
    ["{error}", (m) => JSON.stringify({ error: m })],
    ["{message}", (m) => JSON.stringify({ message: m })],
    ["{error: reason, message}", (m) => JSON.stringify({ error: "Bad Request", message: m })],
    ["{errors: [string]}", (m) => JSON.stringify({ errors: [m] })],
    ["{errors: [{message}]}", (m) => JSON.stringify({ errors: [{ message: m, path: ["x"] }] })],
    ["hapi {statusCode, error, message}", (m) => JSON.stringify({ statusCode: 400, error: "Bad Request", message: m })],
    ["{error: {message}}", (m) => JSON.stringify({ error: { message: m } })],
  ];

  it.each(shapes)("%s: not-found, already-exists and other messages are read and classified", (_shape, body) => {
    const notFound = errorFromResponse(ctx, req, 400, body("Flag or experiment not found"));
    expect(notFound.code).toBe(ErrorCode.NOT_FOUND);
    expect(notFound.serverMessage).toBe("Flag or experiment not found");
    expect(isNotFound(notFound)).toBe(true);

    const exists = errorFromResponse(ctx, req, 400, body("Flag or experiment with key already exists"));
    expect(exists.code).toBe(ErrorCode.ALREADY_EXISTS);
    expect(isAlreadyExists(exists)).toBe(true);
    expect(exists.serverMessage).toBe("Flag or experiment with key already exists");

    const other = errorFromResponse(ctx, req, 400, body("Cannot activate without deployments"));
    expect(other.code).toBe(ErrorCode.BAD_REQUEST);
    expect(other.message).toContain("400 Cannot activate without deployments");
    expect(other.message).not.toContain("Bad Request");
  });

  it("prefers the most specific message and keeps both when they say different things", () => {
    expect(extractServerMessage('{"error":"Not Found","message":"Variant key does not exist"}')).toBe("Variant key does not exist");
    expect(extractServerMessage('{"message":"Bad Request","error":"Invalid bucketing unit"}')).toBe("Invalid bucketing unit");
    expect(extractServerMessage('{"statusCode":400,"error":"Bad Request"}')).toBe("Bad Request");
    expect(extractServerMessage('{"error":"ValidationError","message":"\\"inclusions\\" must be an array"}')).toBe('"inclusions" must be an array');
    expect(extractServerMessage('{"error":"DUPLICATE_KEY","message":"Flag or experiment with key already exists"}')).toBe(
      "DUPLICATE_KEY: Flag or experiment with key already exists",
    );
    expect(extractServerMessage('{"errors":[{"message":"a"},{"detail":"b"}],"error":"Bad Request"}')).toBe("a; b");
    expect(extractServerMessage('{"success":false}')).toBe('{"success":false}');
    expect(extractServerMessage("[]")).toBe("[]");
  });

  it("a 409 is already-exists whatever the text; a 400 without the words is not", () => {
    expect(errorFromResponse(ctx, req, 409, "").code).toBe(ErrorCode.ALREADY_EXISTS);
    expect(errorFromResponse(ctx, req, 400, '{"error":"Cannot edit archived flag"}').code).toBe(ErrorCode.BAD_REQUEST);
  });
});
