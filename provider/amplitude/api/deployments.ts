import { paginate, syntheticResponse } from "../../core";
import { PAGE_LIMIT, ROUTES } from "./paths";
import type { Requester } from "./requester";
import { DeploymentCreatedSchema, DeploymentListSchema, type DeploymentObject } from "./schemas/deployment";

/** The project-level deployment endpoints. */
export interface DeploymentsApi {
  /**
   * Iterates over the project's deployments (archived ones included, with `deleted: true`). The endpoint lists
   * every project the key can see; objects of other projects are skipped.
   */
  list(): AsyncIterable<DeploymentObject>;
  /** Collects {@link DeploymentsApi.list} into an array. */
  listAll(): Promise<DeploymentObject[]>;
  /**
   * Creates a deployment in the client's project. Never replayed blindly: after an ambiguous failure the client
   * lists deployments and returns the one with this label if the first attempt took effect.
   */
  create(body: { label: string; type: "client" | "server" }): Promise<{ id: string }>;
  /** Renames and/or archives (`archive: true`) or restores a deployment. */
  update(id: string, patch: { label?: string; archive?: boolean }): Promise<void>;
}

/**
 * Builds the deployment endpoints over a requester.
 * @param http - the shared request pipeline.
 * @param projectId - the project deployments are created in and filtered to.
 */
export function deploymentsApi(http: Requester, projectId: string): DeploymentsApi {
  const pageSchema = DeploymentListSchema.transform((p) => ({ items: p.deployments, nextCursor: p.nextCursor }));

  async function* list(): AsyncIterable<DeploymentObject> {
    const all = paginate((cursor) =>
      http.json({ what: "list deployments", method: "GET", route: ROUTES.deployments, query: { limit: PAGE_LIMIT, cursor } }, pageSchema),
    );
    for await (const d of all) if (d.projectId === undefined || d.projectId === projectId) yield d;
  }

  const listAll = async (): Promise<DeploymentObject[]> => {
    const out: DeploymentObject[] = [];
    for await (const d of list()) out.push(d);
    return out;
  };

  const create = async (body: { label: string; type: "client" | "server" }): Promise<{ id: string }> => {
    const created = await http.json(
      {
        what: "create deployment", method: "POST", route: ROUTES.deployments, body: { projectId, label: body.label, type: body.type },
        reconcile: async () => {
          const matches = (await listAll()).filter((d) => d.label === body.label);
          const found = matches.find((d) => !d.deleted) ?? matches[0];
          return found === undefined ? undefined : syntheticResponse(JSON.stringify({ id: found.id }));
        },
      },
      DeploymentCreatedSchema,
    );
    return { id: created.id };
  };

  const update = (id: string, patch: { label?: string; archive?: boolean }): Promise<void> =>
    http.write({ what: "update deployment", method: "PATCH", route: ROUTES.deployment, params: { id }, body: patch });

  return { list, listAll, create, update };
}
