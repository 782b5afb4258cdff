import { Router } from "../../core/router";
import type { RouteEntry } from "../context";
import type { ConfigKind } from "../model";
import { registerConfigRoutes } from "./configs";
import { registerDeploymentLinkRoutes } from "./deployment-links";
import { registerDeploymentRoutes } from "./deployments";
import { registerInclusionRoutes } from "./inclusions";
import { registerVariantRoutes } from "./variants";
import { registerObjectVersionRoutes, registerVersionFeedRoute } from "./versions";

/** Builds the route table of the whole `/api/1` surface. */
export function buildApiRouter(): Router<RouteEntry> {
  const router = new Router<RouteEntry>();
  const kinds: ConfigKind[] = ["flag", "experiment"];
  for (const kind of kinds) {
    registerConfigRoutes(router, kind);
    registerObjectVersionRoutes(router, kind);
    registerVariantRoutes(router, kind);
    registerInclusionRoutes(router, kind);
    registerDeploymentLinkRoutes(router, kind);
  }
  registerDeploymentRoutes(router);
  registerVersionFeedRoute(router);
  return router;
}
