import type { JsonObject } from "../core/json";
import { emptyState, type ConfigKind, type EmulatorState, type StoredConfig, type StoredDeployment, type StoredVersion } from "./model";
import { configView } from "./views";

/** Filters for listing flags or experiments. */
export interface ConfigFilter {
  /** Projects the caller may see. */
  projects: ReadonlySet<string>;
  /** Exact key match. */
  key?: string;
  includeArchived: boolean;
  /** Cut the page from the unfiltered list, then filter it (fidelity `filterAfterPaging`): pages may come back short or empty. */
  filterAfterPaging?: boolean;
}

/** One page of results and whether more remain after it. */
export interface Page<T> {
  items: T[];
  more: boolean;
  /** Positions of the underlying list the page covered, when more than `items.length` (filtered after paging). */
  consumed?: number;
}

/**
 * The in-memory state plus the indexes that keep each request O(1) or O(page): objects by id, by
 * (project, key), deployment usage, and versions per object. Mutating code changes a stored object in
 * place and then calls {@link Store.commit}, which stamps it and appends a version snapshot.
 */
export class Store {
  private state: EmulatorState = emptyState();
  private byId = new Map<string, StoredConfig>();
  private byKey = new Map<string, StoredConfig[]>();
  private deploymentsById = new Map<string, StoredDeployment>();
  private deploymentUsers = new Map<string, Set<string>>();
  private versionsByConfig = new Map<string, StoredVersion[]>();

  /**
   * @param now - clock in epoch ms
   * @param onChange - called after every mutation (persistence hooks in here)
   */
  constructor(
    private readonly now: () => number,
    private readonly onChange: () => void = () => {},
  ) {}

  /** The current time as the ISO string used in timestamps. */
  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  /** A deep copy of the whole state. */
  snapshot(): EmulatorState {
    return structuredClone(this.state);
  }

  /**
   * Replaces the whole state and rebuilds every index.
   * @param state - a validated state
   */
  replace(state: EmulatorState): void {
    this.state = structuredClone(state);
    this.state.versions.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    this.byId.clear();
    this.byKey.clear();
    this.deploymentsById.clear();
    this.deploymentUsers.clear();
    this.versionsByConfig.clear();
    for (const d of this.state.deployments) this.deploymentsById.set(d.id, d);
    for (const c of [...this.state.flags, ...this.state.experiments]) this.index(c);
    for (const v of this.state.versions) this.versionList(v.configId).push(v);
    this.onChange();
  }

  /** Hands out the next flag/experiment id (one sequence for both). */
  nextConfigId(): string {
    return String(this.state.counters.nextConfigId++);
  }

  /** Hands out the next deployment id. */
  nextDeploymentId(): string {
    return String(this.state.counters.nextDeploymentId++);
  }

  /**
   * Finds a flag or experiment by id, in the given collection only.
   * @param kind - collection
   * @param id - object id
   */
  getConfig(kind: ConfigKind, id: string): StoredConfig | undefined {
    const c = this.byId.get(id);
    return c && c.kind === kind ? c : undefined;
  }

  /**
   * Objects with a key in a project (archived ones included), oldest first.
   * @param projectId - project
   * @param key - flag/experiment key
   */
  withKey(projectId: string, key: string): readonly StoredConfig[] {
    return this.byKey.get(`${projectId}\u0000${key}`) ?? [];
  }

  /**
   * Lists flags or experiments newest first, skipping `offset` matches.
   * @param kind - collection
   * @param filter - visibility and filters
   * @param offset - matches to skip
   * @param limit - page size
   */
  listConfigs(kind: ConfigKind, filter: ConfigFilter, offset: number, limit: number): Page<StoredConfig> {
    const keep = (c: StoredConfig): boolean =>
      c.kind === kind && filter.projects.has(c.projectId) && (filter.includeArchived || !c.deleted);
    if (filter.filterAfterPaging) {
      const all = kind === "flag" ? this.state.flags : this.state.experiments;
      const page = pageNewestFirst(all, () => true, offset, limit);
      const items = page.items.filter((c) => keep(c) && (filter.key === undefined || c.key === filter.key));
      return { items, more: page.more, consumed: page.items.length };
    }
    if (filter.key !== undefined) {
      // The key index holds every object with this key in any project: merge the caller's projects.
      const matches: StoredConfig[] = [];
      for (const p of filter.projects) matches.push(...this.withKey(p, filter.key).filter(keep));
      matches.sort((a, b) => Number(b.id) - Number(a.id));
      return { items: matches.slice(offset, offset + limit), more: matches.length > offset + limit };
    }
    const all = kind === "flag" ? this.state.flags : this.state.experiments;
    return pageNewestFirst(all, keep, offset, limit);
  }

  /**
   * Registers a new flag or experiment and writes its first version.
   * @param c - the object, fully defaulted
   */
  addConfig(c: StoredConfig): void {
    (c.kind === "flag" ? this.state.flags : this.state.experiments).push(c);
    this.index(c);
    this.commit(c, false);
  }

  /**
   * Stamps a mutated object and appends a version snapshot.
   * @param c - the object just changed in place
   * @param touch - update `lastModifiedAt` (false for the create itself)
   */
  commit(c: StoredConfig, touch = true): void {
    if (touch) {
      c.lastModifiedAt = this.timestamp();
    }
    c.version += 1;
    const v: StoredVersion = {
      configId: c.id,
      kind: c.kind,
      projectId: c.projectId,
      version: c.version,
      createdAt: c.lastModifiedAt,
      createdBy: c.lastModifiedBy,
      flagConfig: configView(c, "full", false) as JsonObject,
    };
    this.state.versions.push(v);
    this.versionList(c.id).push(v);
    this.onChange();
  }

  /**
   * Re-indexes an object under a new key namespace entry (after unarchive or key release changes nothing
   * structural, only create and replace call this).
   * @param c - object
   */
  private index(c: StoredConfig): void {
    this.byId.set(c.id, c);
    const k = `${c.projectId}\u0000${c.key}`;
    const list = this.byKey.get(k);
    if (list) list.push(c);
    else this.byKey.set(k, [c]);
    for (const d of c.deployments) this.usersOf(d).add(c.id);
  }

  /**
   * Links an object to a deployment (idempotent).
   * @param c - object
   * @param deploymentId - deployment
   */
  link(c: StoredConfig, deploymentId: string): void {
    if (!c.deployments.includes(deploymentId)) c.deployments.push(deploymentId);
    this.usersOf(deploymentId).add(c.id);
  }

  /**
   * Unlinks an object from a deployment (idempotent).
   * @param c - object
   * @param deploymentId - deployment
   */
  unlink(c: StoredConfig, deploymentId: string): void {
    c.deployments = c.deployments.filter((d) => d !== deploymentId);
    this.deploymentUsers.get(deploymentId)?.delete(c.id);
  }

  /**
   * Counts unarchived flags and experiments linked to a deployment.
   * @param deploymentId - deployment
   */
  activeUsersOf(deploymentId: string): number {
    let n = 0;
    for (const id of this.usersOf(deploymentId)) if (this.byId.get(id)?.deleted === false) n++;
    return n;
  }

  /**
   * Finds a deployment.
   * @param id - deployment id
   */
  getDeployment(id: string): StoredDeployment | undefined {
    return this.deploymentsById.get(id);
  }

  /**
   * Adds a deployment.
   * @param d - the deployment
   */
  addDeployment(d: StoredDeployment): void {
    this.state.deployments.push(d);
    this.deploymentsById.set(d.id, d);
    this.onChange();
  }

  /** Signals a change made in place to a deployment. */
  touchDeployment(): void {
    this.onChange();
  }

  /**
   * Lists deployments (archived included) newest first.
   * @param projects - visible projects
   * @param offset - matches to skip
   * @param limit - page size
   */
  listDeployments(projects: ReadonlySet<string>, offset: number, limit: number): Page<StoredDeployment> {
    return pageNewestFirst(this.state.deployments, (d) => projects.has(d.projectId), offset, limit);
  }

  /**
   * The versions of one object, oldest first.
   * @param configId - object id
   */
  versionsOf(configId: string): readonly StoredVersion[] {
    return this.versionsByConfig.get(configId) ?? [];
  }

  /**
   * A page of the global version feed, newest first, restricted to `[start, end)` by binary search.
   * @param projects - visible projects
   * @param start - inclusive lower bound (ISO), if any
   * @param end - exclusive upper bound (ISO), if any
   * @param offset - matches to skip
   * @param limit - page size
   */
  versionFeed(projects: ReadonlySet<string>, start: string | undefined, end: string | undefined, offset: number, limit: number): Page<StoredVersion> {
    const all = this.state.versions;
    const lo = start === undefined ? 0 : lowerBound(all, start);
    const hi = end === undefined ? all.length : lowerBound(all, end);
    const items: StoredVersion[] = [];
    let skipped = 0;
    for (let i = hi - 1; i >= lo; i--) {
      const v = all[i];
      if (!projects.has(v.projectId)) continue;
      if (skipped < offset) {
        skipped++;
        continue;
      }
      if (items.length === limit) return { items, more: true };
      items.push(v);
    }
    return { items, more: false };
  }

  private usersOf(deploymentId: string): Set<string> {
    let s = this.deploymentUsers.get(deploymentId);
    if (!s) {
      s = new Set();
      this.deploymentUsers.set(deploymentId, s);
    }
    return s;
  }

  private versionList(configId: string): StoredVersion[] {
    let l = this.versionsByConfig.get(configId);
    if (!l) {
      l = [];
      this.versionsByConfig.set(configId, l);
    }
    return l;
  }
}

/** Walks an oldest-first array from the end, skipping `offset` kept items; stops one item past the page. */
function pageNewestFirst<T>(all: readonly T[], keep: (item: T) => boolean, offset: number, limit: number): Page<T> {
  const items: T[] = [];
  let skipped = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    const item = all[i];
    if (!keep(item)) continue;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    if (items.length === limit) return { items, more: true };
    items.push(item);
  }
  return { items, more: false };
}

/** First index whose `createdAt` is ≥ `iso` (ISO strings in UTC compare correctly as text). */
function lowerBound(all: readonly StoredVersion[], iso: string): number {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (all[mid].createdAt < iso) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
