import { describe, expect, it } from "vitest";
import { errorFromResponse, redactText } from "../../core";
import { amplitudeIsNotFound, AMPLITUDE_REMEDIES } from "../api/remedies";
import { describeFailure } from "./errors";

const ctx = { vendor: "Amplitude", projectId: "100000", remedies: AMPLITUDE_REMEDIES, isNotFound: amplitudeIsNotFound, redact: (t: string) => redactText(t, []) };
const fail = (route: string, message: string) =>
  errorFromResponse(ctx, { what: "call", method: "PATCH", route }, 400, JSON.stringify({ error: message }));

describe("describeFailure", () => {
  it.each([
    ["archived", "Cannot edit archived flag", /archived outside Pulumi.*pulumi up --refresh/],
    ["archived deployment", "Cannot use an archived deployment", /archived outside Pulumi/],
    ["in use", "Cannot have unarchived flags or experiments or templates using this deployment", /still uses it: remove it from the flags and experiments .*deletionPolicy: "retain"/],
  ])("gives a 400 about a situation (%s) that situation's remedy, not the generic one", (_name, message, remedy) => {
    const text = describeFailure("updating flag 'x' in project 100000 (id 5)", fail("/api/1/flags/:id", message));
    expect(text).toMatch(/^updating flag 'x' in project 100000 \(id 5\) failed: 400 /);
    expect(text).toContain(message);
    expect(text).toMatch(remedy);
    expect(text).not.toContain("fix the field");
  });

  it("keeps the field remedy for a 400 about a field", () => {
    const text = describeFailure("creating flag 'x'", fail("/api/1/flags", '"targetSegments[0].rolloutWeights" is required'));
    expect(text).toMatch(/fix the field named in the server message\.$/);
  });
});
