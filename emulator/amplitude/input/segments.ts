import { badRequest } from "../../core/api-error";
import { isJsonObject, type JsonObject, type JsonValue } from "../../core/json";
import { joinPath, optArray, optNumber, optObject, optString, rejectUnknown, reqString } from "../../core/validate";
import { CONDITION_OPS } from "./rules";

const SEGMENT_FIELDS = new Set(["name", "conditions", "percentage", "bucketingKey", "rolloutWeights"]);
const CONDITION_FIELDS = new Set(["prop", "op", "type", "values"]);

/**
 * Validates a `targetSegments` list and returns it normalised (known fields only, in a stable order).
 * `name`, `conditions`, `percentage` and `rolloutWeights` are required (documented; the live API answers
 * `"targetSegments[0].rolloutWeights" is required`); `bucketingKey` is optional.
 * @param value - the raw field
 * @throws ApiError 400 naming the first bad field
 */
export function parseTargetSegments(value: JsonValue): JsonValue[] {
  if (!Array.isArray(value)) throw badRequest(`"targetSegments" must be an array`);
  return value.map((raw, i) => {
    const path = `targetSegments[${i}]`;
    if (!isJsonObject(raw)) throw badRequest(`"${path}" must be of type object`);
    rejectUnknown(raw, SEGMENT_FIELDS, path);
    const name = optString(raw, "name", path);
    if (name === undefined) throw badRequest(`"${path}.name" is required`);
    const conditions = optArray(raw, "conditions", path);
    if (conditions === undefined) throw badRequest(`"${path}.conditions" is required`);
    const percentage = optNumber(raw, "percentage", { min: 0, max: 100 }, path);
    if (percentage === undefined) throw badRequest(`"${path}.percentage" is required`);
    const weights = optObject(raw, "rolloutWeights", path);
    if (weights === undefined) throw badRequest(`"${path}.rolloutWeights" is required`);
    const segment: JsonObject = {
      name,
      conditions: conditions.map((c, j) => parseCondition(c, `${path}.conditions[${j}]`)),
      percentage,
    };
    const bucketingKey = optString(raw, "bucketingKey", path);
    if (bucketingKey !== undefined) segment.bucketingKey = bucketingKey;
    segment.rolloutWeights = parseWeights(weights, joinPath(path, "rolloutWeights"));
    return segment;
  });
}

/**
 * Validates a `{variantKey: weight}` map (non-negative integers).
 * @param weights - the raw map
 * @param path - field path for messages
 */
export function parseWeights(weights: JsonObject, path: string): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(weights)) optNumber(weights, key, { min: 0, integer: true }, path);
  for (const [key, w] of Object.entries(weights)) out[key] = w;
  return out;
}

function parseCondition(raw: JsonValue, path: string): JsonObject {
  if (!isJsonObject(raw)) throw badRequest(`"${path}" must be of type object`);
  rejectUnknown(raw, CONDITION_FIELDS, path);
  const type = reqString(raw, "type", path);
  if (type !== "property") throw badRequest(`"${path}.type" must be [property]`);
  const prop = reqString(raw, "prop", path);
  const op = reqString(raw, "op", path);
  if (!CONDITION_OPS.includes(op)) throw badRequest(`"${path}.op" must be one of [${CONDITION_OPS.join(", ")}]`);
  const values = optArray(raw, "values", path);
  if (values === undefined) throw badRequest(`"${path}.values" is required`);
  values.forEach((v, k) => {
    if (typeof v !== "string") throw badRequest(`"${path}.values[${k}]" must be a string`);
  });
  return { prop, op, type, values };
}
