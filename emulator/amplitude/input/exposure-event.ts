import { badRequest } from "../../core/api-error";
import { isJsonObject, type JsonObject, type JsonValue } from "../../core/json";
import { optArray, optString, rejectUnknown, reqString } from "../../core/validate";
import { EXPOSURE_OPS } from "./rules";

const EVENT_FIELDS = new Set(["event_type", "filters"]);
const FILTER_FIELDS = new Set(["group_type", "subprop_key", "subprop_op", "subprop_type", "subprop_value"]);

/**
 * Validates an experiment `exposureEvent` (null means the default Amplitude exposure event).
 * `subprop_key` must be present but may be null, as the docs at HEAD say; `subprop_type` is any string
 * because the docs list `event|user|group` while their own example uses `day_time_prop`.
 * @param value - the raw field
 * @throws ApiError 400 naming the first bad field
 */
export function parseExposureEvent(value: JsonValue): JsonValue {
  if (value === null) return null;
  if (!isJsonObject(value)) throw badRequest(`"exposureEvent" must be of type object`);
  rejectUnknown(value, EVENT_FIELDS, "exposureEvent");
  const eventType = reqString(value, "event_type", "exposureEvent");
  const filters = optArray(value, "filters", "exposureEvent");
  if (filters === undefined) throw badRequest(`"exposureEvent.filters" is required`);
  return {
    event_type: eventType,
    filters: filters.map((raw, i) => parseFilter(raw, `exposureEvent.filters[${i}]`)),
  };
}

function parseFilter(raw: JsonValue, path: string): JsonObject {
  if (!isJsonObject(raw)) throw badRequest(`"${path}" must be of type object`);
  rejectUnknown(raw, FILTER_FIELDS, path);
  const groupType = raw.group_type;
  if (groupType !== undefined && groupType !== null && typeof groupType !== "string") {
    throw badRequest(`"${path}.group_type" must be a string`);
  }
  if (!("subprop_key" in raw)) throw badRequest(`"${path}.subprop_key" is required`);
  const key = raw.subprop_key;
  if (key !== null && typeof key !== "string") throw badRequest(`"${path}.subprop_key" must be a string`);
  const op = reqString(raw, "subprop_op", path);
  if (!EXPOSURE_OPS.includes(op)) throw badRequest(`"${path}.subprop_op" must be one of [${EXPOSURE_OPS.join(", ")}]`);
  const type = optString(raw, "subprop_type", path);
  if (type === undefined) throw badRequest(`"${path}.subprop_type" is required`);
  const values = optArray(raw, "subprop_value", path);
  if (values === undefined) throw badRequest(`"${path}.subprop_value" is required`);
  values.forEach((v, k) => {
    if (typeof v !== "string") throw badRequest(`"${path}.subprop_value[${k}]" must be a string`);
  });
  const out: JsonObject = {};
  if (groupType !== undefined) out.group_type = groupType;
  out.subprop_key = key;
  out.subprop_op = op;
  out.subprop_type = type;
  out.subprop_value = values;
  return out;
}
