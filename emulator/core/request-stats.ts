/** One entry of the request log. */
export interface RequestLogEntry {
  /** HTTP method. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string without `?`, when there was one. */
  query?: string;
  /** Matched route template, e.g. `GET /api/1/flags/:id`; `GET (unmatched)` when nothing matched. */
  route: string;
  /** Status sent; 0 when the connection was dropped or reset without a reply. */
  status: number;
  /** Project the request was attributed to, when known. */
  projectId?: string;
  /** The injected fault that changed the outcome, if any. */
  fault?: "reset" | "drop-after-write" | "429" | "429-without-retry-after" | "500" | "502" | "503";
}

/** Aggregated counters, as served by `GET /__admin/stats`. */
export interface StatsSnapshot {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  byProject: Record<string, number>;
}

/** The request log keeps at most this many entries (the oldest are dropped) so long benchmarks stay bounded. */
export const MAX_LOG_ENTRIES = 100_000;

/** Counts requests by route, status and project, and keeps an ordered log, both resettable. */
export class RequestStats {
  private total = 0;
  private byRoute = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private byProject = new Map<string, number>();
  private log: RequestLogEntry[] = [];

  /**
   * Records one finished request.
   * @param entry - what happened
   */
  record(entry: RequestLogEntry): void {
    this.total += 1;
    bump(this.byRoute, entry.route);
    bump(this.byStatus, String(entry.status));
    if (entry.projectId !== undefined) bump(this.byProject, entry.projectId);
    this.log.push(entry);
    // Trim in batches so the amortised cost per request stays O(1).
    if (this.log.length > MAX_LOG_ENTRIES * 1.5) this.log = this.log.slice(this.log.length - MAX_LOG_ENTRIES);
  }

  /** The counters as plain objects. */
  snapshot(): StatsSnapshot {
    return {
      total: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byStatus: Object.fromEntries(this.byStatus),
      byProject: Object.fromEntries(this.byProject),
    };
  }

  /** The request log in arrival order (most recent `MAX_LOG_ENTRIES` at most). */
  requests(): RequestLogEntry[] {
    return this.log.length > MAX_LOG_ENTRIES ? this.log.slice(this.log.length - MAX_LOG_ENTRIES) : [...this.log];
  }

  /** Clears the counters and the log. */
  reset(): void {
    this.total = 0;
    this.byRoute.clear();
    this.byStatus.clear();
    this.byProject.clear();
    this.log = [];
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
