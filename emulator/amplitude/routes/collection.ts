import type { ConfigKind } from "../model";

/** URL segment and list-body field of each collection (`/api/1/flags` → `{"flags": [...]}`). */
export const COLLECTION: Readonly<Record<ConfigKind, string>> = { flag: "flags", experiment: "experiments" };
