import { isJsonObject } from "../core/json";
import type { RouteScope } from "./context";
import type { EmulatorProject } from "./options";
import type { Store } from "./store";

/** Maps management API keys to the projects they may access. */
export class KeyTable {
  private readonly byKey = new Map<string, string[]>();
  /** The projects by id. */
  readonly projects = new Map<string, EmulatorProject>();

  /**
   * @param projects - projects and their keys
   */
  constructor(projects: readonly EmulatorProject[]) {
    for (const p of projects) {
      this.projects.set(p.id, { id: p.id, keys: [...p.keys], groupTypes: p.groupTypes ? [...p.groupTypes] : undefined });
      for (const k of p.keys) {
        const list = this.byKey.get(k);
        if (list) list.push(p.id);
        else this.byKey.set(k, [p.id]);
      }
    }
  }

  /**
   * The projects a key covers, in table order; undefined for an unknown (or revoked) key.
   * @param key - management API key
   */
  projectsOf(key: string): readonly string[] | undefined {
    return this.byKey.get(key);
  }
}

/**
 * Extracts the key from `Authorization: Bearer <key>`.
 * @param header - the raw header
 */
export function bearerKey(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

/**
 * Decides which project a request counts against (rate limits, stats, access): the target object's
 * project, else a `projectId` query or body parameter, else the key's first project.
 * @param scope - what the route's `:id` names
 * @param params - path parameters
 * @param query - query parameters
 * @param body - parsed body, if it parsed
 * @param store - the store, to look the object up
 * @param keyProjects - the key's projects
 */
export function attributeProject(
  scope: RouteScope,
  params: Readonly<Record<string, string>>,
  query: URLSearchParams,
  body: unknown,
  store: Store,
  keyProjects: readonly string[],
): string {
  const id = params.id;
  if (id !== undefined) {
    const target = scope === "deployment" ? store.getDeployment(id) : scope === "none" ? undefined : store.getConfig(scope, id);
    if (target) return target.projectId;
  }
  const fromQuery = query.get("projectId");
  if (fromQuery) return fromQuery;
  if (isJsonObject(body)) {
    const p = body.projectId;
    if (typeof p === "string" && p !== "") return p;
    if (typeof p === "number" && Number.isInteger(p)) return String(p);
  }
  return keyProjects[0];
}
