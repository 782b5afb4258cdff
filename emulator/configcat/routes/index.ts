import { Router } from "../../core/router";
import type { Handler } from "../context";
import { registerAuditLogRoutes } from "./auditlogs";
import { registerPermissionRoutes } from "./permissions";
import { registerProductRoutes } from "./products";
import { registerSettingRoutes } from "./settings";
import { registerTagSegmentRoutes } from "./tags-segments";
import { registerValueRoutes } from "./values";
import { registerWebhookRoutes } from "./webhooks";

/** Builds the route table of the emulated Public Management API (`/v1`, `/v2`). */
export function buildConfigCatRouter(): Router<Handler> {
  const router = new Router<Handler>();
  registerProductRoutes(router);
  registerSettingRoutes(router);
  registerValueRoutes(router);
  registerTagSegmentRoutes(router);
  registerWebhookRoutes(router);
  registerPermissionRoutes(router);
  registerAuditLogRoutes(router);
  return router;
}
