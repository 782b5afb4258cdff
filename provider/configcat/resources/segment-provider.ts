import type { Segment as LiveSegment } from "../api";
import { namedObjectProvider, type CommonInputs } from "./named-object";
import { segmentSchema } from "./validation";

type SegmentInputs = CommonInputs & {
  productId: string; name: string; description?: string; comparisonAttribute: string; comparator: string; comparisonValue: string;
};

/** The segment provider, run in the engine's provider process. @internal */
export const segmentProvider = namedObjectProvider<LiveSegment, SegmentInputs>({
  noun: "segment",
  collection: "segments",
  schema: segmentSchema,
  parentField: "productId",
  parentNoun: "product",
  managed: ["name", "description", "comparisonAttribute", "comparator", "comparisonValue"],
  idOf: (s) => s.segmentId,
  nameOf: (s) => s.name,
  // The list (`SegmentListModel`) lacks the comparison members; `complete` fills them in.
  list: async (client, productId) => (await client.segments.list(productId)) as LiveSegment[],
  get: (client, id) => client.segments.get(id),
  create: (client, productId, body, reconcile) => client.segments.create(productId, body as never, reconcile),
  update: (client, id, body) => client.segments.update(id, body as never),
  remove: (client, id) => client.segments.delete(id),
  createBody: (i) => ({
    name: i.name, description: i.description, comparisonAttribute: i.comparisonAttribute, comparator: i.comparator, comparisonValue: i.comparisonValue,
  }),
  project: (s) => ({
    segmentId: s.segmentId, name: s.name, description: s.description, comparisonAttribute: s.comparisonAttribute, comparator: s.comparator,
    comparisonValue: s.comparisonValue, updatedAt: s.updatedAt,
  }),
  // Unchanged since the state was written (same `updatedAt`): the state's comparison members are current; else GET.
  complete: async (client, listed, props) =>
    listed.updatedAt !== null && listed.updatedAt === props.updatedAt && typeof props.comparator === "string"
      ? { ...listed, comparisonAttribute: String(props.comparisonAttribute), comparator: props.comparator, comparisonValue: String(props.comparisonValue) }
      : client.segments.get(listed.segmentId),
});
