import type { ConfigObjectsApi } from "../api";
import { setDelta } from "../../core/dynamic/canonical";
import type { JsonValue } from "./args";
import { changedFields, changedVariantFields, type DesiredVariant } from "./compare";
import type { LiveConfigObject, LiveVariant } from "./live-state";

/**
 * Makes a live flag or experiment match the desired inputs with the fewest calls, and returns what is live
 * afterwards. Only fields the program sets are touched. The order matters to the API:
 * deployments are linked before a PATCH can enable the object, variants exist before segments weigh them,
 * and variants and deployment links are removed only after the PATCH that stops referring to them.
 */
export async function reconcile(
  api: ConfigObjectsApi<unknown>,
  id: string,
  live: LiveConfigObject,
  desired: Record<string, unknown>,
  patchFields: readonly string[],
): Promise<LiveConfigObject> {
  const next: LiveConfigObject = { ...live, variants: live.variants.map((v) => ({ ...v })) };
  const wantDeployments = desired.deployments as string[] | undefined;
  const deploymentDelta = wantDeployments ? setDelta(live.deployments, wantDeployments) : { add: [], remove: [] };

  if (deploymentDelta.add.length > 0) {
    await api.deployments.add(id, deploymentDelta.add);
    next.deployments = [...next.deployments, ...deploymentDelta.add];
  }

  const wantVariants = desired.variants as DesiredVariant[] | undefined;
  if (wantVariants) {
    for (const want of wantVariants) {
      const have = next.variants.find((v) => v.key === want.key);
      if (have) await updateVariant(api, id, have, want);
      else next.variants.push(await createVariant(api, id, want));
    }
  }

  const patch: Record<string, unknown> = {};
  for (const field of changedFields(live, desired, patchFields)) {
    const value = desired[field];
    patch[field] = field === "startDate" || field === "endDate" ? toTimestamp(value) : value;
    next[field] = value as JsonValue;
  }
  if (Object.keys(patch).length > 0) await api.update(id, patch);

  if (wantVariants) {
    for (const extra of next.variants.filter((v) => !wantVariants.some((w) => w.key === v.key))) {
      await api.variants.delete(id, extra.key);
    }
    next.variants = next.variants.filter((v) => wantVariants.some((w) => w.key === v.key));
  }

  for (const deploymentId of deploymentDelta.remove) await api.deployments.remove(id, deploymentId);
  if (wantDeployments) next.deployments = [...wantDeployments];
  return next;
}

async function createVariant(api: ConfigObjectsApi<unknown>, id: string, want: DesiredVariant): Promise<LiveVariant> {
  const { users, cohorts, ...body } = want;
  await api.variants.create(id, body);
  const created: LiveVariant = {
    key: want.key,
    name: want.name ?? null,
    description: want.description ?? null,
    payload: want.payload ?? null,
    rolloutWeight: want.rolloutWeight ?? null,
    users: users === undefined ? null : [],
    cohorts: cohorts === undefined ? null : [],
  };
  await updateVariant(api, id, created, { key: want.key, users, cohorts });
  return created;
}

/** Updates one variant in place (mutating `have` to what is live afterwards). */
async function updateVariant(api: ConfigObjectsApi<unknown>, id: string, have: LiveVariant, want: DesiredVariant) {
  const fields = changedVariantFields(have, want);
  if (fields.length > 0) {
    await api.variants.update(id, want.key, Object.fromEntries(fields.map((f) => [f, want[f]])));
    for (const f of fields) (have as unknown as Record<string, unknown>)[f] = want[f];
  }
  for (const kind of ["users", "cohorts"] as const) {
    const wanted = want[kind];
    if (wanted === undefined) continue;
    const current = have[kind];
    if (current === null) {
      // Never read: replace wholesale rather than guess what is there.
      if (kind === "users") await api.users.clear(id, want.key);
      else {
        const existing = await api.cohorts.list(id, want.key);
        if (existing.length > 0) await api.cohorts.remove(id, want.key, existing);
      }
      if (wanted.length > 0) await api[kind].add(id, want.key, wanted);
    } else {
      const delta = setDelta(current, wanted);
      if (delta.remove.length > 0) await api[kind].remove(id, want.key, delta.remove);
      if (delta.add.length > 0) await api[kind].add(id, want.key, delta.add);
    }
    have[kind] = [...new Set(wanted)];
  }
}

function toTimestamp(value: unknown): unknown {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
}
