import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { ApiError } from "../core/api-error";
import type { JsonValue } from "../core/json";
import { adminRouter, parseAdminBody, serveAdmin } from "../core/admin";
import { jsonReply } from "../core/reply";
import type { ConfigCatApp } from "./app";
import { parseConfigCatState } from "./model";
import { FIDELITY_VALUES, resolveFidelity, type ConfigCatFidelity } from "./options";
import { pairKey } from "./store";

/*
 * The admin API (`/__admin/...`): no credential, loopback only, never counted, limited or faulted, so
 * tests can always observe and steer the emulator. Same shape as the Amplitude emulator's, with
 * `credentials` in place of `projects`.
 */

const userSchema = z.strictObject({
  username: z.string().min(1), password: z.string().min(1), email: z.string().optional(), fullName: z.string().optional(),
  organizationIds: z.array(z.string()).optional(), canBypassApproval: z.boolean().optional(),
});
const limitsSchema = z.strictObject({ perSecond: z.number().int().min(0).optional(), perMinute: z.number().int().min(0).optional() });
// Built from the one table of switches, so every switch the CLI knows is settable here and vice versa.
const fidelitySchema = z.strictObject(
  Object.fromEntries(Object.entries(FIDELITY_VALUES).map(([name, values]) => [name, z.literal(values as readonly (string | number | boolean)[]).optional()])),
) as unknown as z.ZodType<ConfigCatFidelity>;
const rotateSchema = z.strictObject({ configId: z.string(), environmentId: z.string() });

function limitsView(app: ConfigCatApp): JsonValue {
  const [second, minute] = app.limiter.current;
  return { perSecond: second.limit, perMinute: minute.limit };
}

const router = adminRouter<ConfigCatApp>()
  .add("GET", "/__admin/state", (app) => jsonReply(app.store.snapshot() as unknown as JsonValue))
  .add("PUT", "/__admin/state", (app, body) => {
    const parsed = parseConfigCatState(body);
    if (!parsed.ok) throw new ApiError(400, parsed.message);
    try {
      app.replaceState(parsed.state);
    } catch (err) {
      throw new ApiError(400, (err as Error).message);
    }
    return jsonReply({ ok: true });
  })
  .add("GET", "/__admin/credentials", (app) => jsonReply(app.listUsers() as unknown as JsonValue))
  .add("PUT", "/__admin/credentials", (app, body) => {
    app.setUsers(parseAdminBody(z.array(userSchema), body));
    return jsonReply(app.listUsers() as unknown as JsonValue);
  })
  .add("POST", "/__admin/credentials", (app, body) => {
    app.addUser(parseAdminBody(userSchema, body));
    return jsonReply(app.listUsers() as unknown as JsonValue);
  })
  .add("DELETE", "/__admin/credentials/:username", (app, _body, params) => {
    if (!app.revokeUser(params.username)) throw new ApiError(404, `No credential ${params.username}`);
    return jsonReply(app.listUsers() as unknown as JsonValue);
  })
  .add("GET", "/__admin/limits", (app) => jsonReply(limitsView(app)))
  .add("PUT", "/__admin/limits", (app, body) => {
    const l = parseAdminBody(limitsSchema, body ?? {});
    const cur = limitsView(app) as { perSecond: number; perMinute: number };
    app.limiter.setWindows([
      { limit: l.perSecond ?? cur.perSecond, periodMs: 1000 },
      { limit: l.perMinute ?? cur.perMinute, periodMs: 60_000 },
    ]);
    return jsonReply(limitsView(app));
  })
  .add("GET", "/__admin/fidelity", (app) => jsonReply({ ...app.fidelity }))
  .add("PUT", "/__admin/fidelity", (app, body) => {
    app.fidelity = resolveFidelity({ ...app.fidelity, ...parseAdminBody(fidelitySchema, body ?? {}) });
    return jsonReply({ ...app.fidelity });
  })
  .add("POST", "/__admin/sdk-keys/rotate", (app, body) => {
    // Starts a rotation as the Dashboard does: a new primary, the old one kept as secondary.
    const { configId, environmentId } = parseAdminBody(rotateSchema, body);
    const k = app.store.sdkKeys.get(pairKey(configId.toLowerCase(), environmentId.toLowerCase()));
    if (!k) throw new ApiError(404, "No SDK keys for that config and environment");
    k.secondary = k.primary;
    k.primary = app.store.newSdkKey();
    app.store.changed();
    return jsonReply({ primary: k.primary, secondary: k.secondary });
  });

export async function handleConfigCatAdmin(app: ConfigCatApp, req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
  return serveAdmin(router, app, req, res, method, path);
}
