import { badRequest } from "../../core/api-error";
import { isJsonObject, type JsonObject, type JsonValue } from "../../core/json";
import {
  asObject, optArray, optBoolean, optEnum, optId, optNumber, optObject, optString, optStringArray, rejectUnknown, reqString,
} from "../../core/validate";
import type { ConfigKind } from "../model";
import { parseExposureEvent } from "./exposure-event";
import { DECISIONS, EVALUATION_MODES, EXPERIMENT_TYPES, KEY_PATTERN } from "./rules";
import { parseTargetSegments, parseWeights } from "./segments";
import { parseVariantInput, type VariantInput } from "./variant";

/** A validated create body for a flag or experiment. */
export interface CreateInput {
  projectId: string;
  key: string;
  name?: string;
  description?: string;
  variants?: VariantInput[];
  bucketingKey?: string;
  rolloutWeights?: JsonObject;
  targetSegments?: JsonValue[];
  deployments?: string[];
  evaluationMode?: string;
  experimentType?: string;
}

/** A validated PATCH body; only the fields sent are set. */
export interface PatchInput {
  name?: string;
  description?: string;
  bucketingKey?: string;
  bucketingSalt?: string;
  bucketingUnit?: string;
  evaluationMode?: string;
  rolloutPercentage?: number;
  targetSegments?: JsonValue[];
  enabled?: boolean;
  archive?: boolean;
  tags?: string[];
  experimentType?: string;
  stickyBucketing?: boolean;
  startDate?: string | null;
  endDate?: string | null;
  exposureEvent?: JsonValue;
  decision?: string | null;
  decisionReason?: string | null;
  rolledOutVariant?: string | null;
}

const CREATE_FIELDS = ["projectId", "key", "name", "description", "variants", "bucketingKey", "rolloutWeights", "targetSegments", "deployments", "evaluationMode"];
const PATCH_FIELDS = ["name", "description", "bucketingKey", "bucketingSalt", "bucketingUnit", "evaluationMode", "rolloutPercentage", "targetSegments", "enabled", "archive", "tags"];
const EXPERIMENT_PATCH_FIELDS = ["experimentType", "stickyBucketing", "startDate", "endDate", "exposureEvent", "decision", "decisionReason", "rolledOutVariant"];

const createFields = { flag: new Set(CREATE_FIELDS), experiment: new Set([...CREATE_FIELDS, "experimentType"]) };
const patchFields = { flag: new Set(PATCH_FIELDS), experiment: new Set([...PATCH_FIELDS, ...EXPERIMENT_PATCH_FIELDS]) };

/** The live API's wording for `parentDependencies` on create (no quotes). */
const unknownFieldMessage = (key: string): string | undefined => (key === "parentDependencies" ? "parentDependencies is not allowed" : undefined);

/**
 * Validates a create body. Fields the API does not take on create (`enabled`, `tags`, `bucketingSalt`,
 * `rolloutPercentage`, …) are refused with `"<field>" is not allowed`.
 * @param kind - flag or experiment
 * @param body - parsed body
 * @throws ApiError 400 naming the first bad field
 */
export function parseCreateBody(kind: ConfigKind, body: unknown): CreateInput {
  const obj = asObject(body);
  rejectUnknown(obj, createFields[kind], "", unknownFieldMessage);
  const projectId = optId(obj, "projectId");
  if (projectId === undefined) throw badRequest(`"projectId" is required`);
  const key = reqString(obj, "key");
  if (!KEY_PATTERN.test(key)) throw badRequest(`"key" contains an invalid value`);
  const input: CreateInput = {
    projectId,
    key,
    name: optString(obj, "name"),
    description: optString(obj, "description"),
    bucketingKey: optString(obj, "bucketingKey"),
    evaluationMode: optEnum(obj, "evaluationMode", EVALUATION_MODES),
    deployments: optStringArray(obj, "deployments", "", true),
  };
  const variants = optArray(obj, "variants");
  if (variants !== undefined) {
    const seen = new Set<string>();
    input.variants = variants.map((raw, i) => {
      const path = `variants[${i}]`;
      if (!isJsonObject(raw)) throw badRequest(`"${path}" must be of type object`);
      const v = parseVariantInput(raw, path, true);
      if (seen.has(v.key as string)) throw badRequest(`"${path}.key" contains a duplicate value`);
      seen.add(v.key as string);
      return v;
    });
    if (input.variants.length === 0) throw badRequest(`"variants" must contain at least 1 items`);
  }
  const weights = optObject(obj, "rolloutWeights");
  if (weights !== undefined) input.rolloutWeights = parseWeights(weights, "rolloutWeights");
  if (obj.targetSegments !== undefined) input.targetSegments = parseTargetSegments(obj.targetSegments);
  if (kind === "experiment") input.experimentType = optEnum(obj, "experimentType", EXPERIMENT_TYPES);
  return input;
}

/**
 * Validates a PATCH body. Fields that have their own endpoints (`variants`, `deployments`, `key`,
 * `rolloutWeights`, …) are refused with `"<field>" is not allowed`.
 * @param kind - flag or experiment
 * @param body - parsed body
 * @throws ApiError 400 naming the first bad field
 */
export function parsePatchBody(kind: ConfigKind, body: unknown): PatchInput {
  const obj = asObject(body);
  rejectUnknown(obj, patchFields[kind]);
  const p: PatchInput = {
    name: optString(obj, "name"),
    description: optString(obj, "description"),
    bucketingKey: optString(obj, "bucketingKey"),
    bucketingSalt: optString(obj, "bucketingSalt"),
    bucketingUnit: optString(obj, "bucketingUnit"),
    evaluationMode: optEnum(obj, "evaluationMode", EVALUATION_MODES),
    rolloutPercentage: optNumber(obj, "rolloutPercentage", { min: 0, max: 100 }),
    enabled: optBoolean(obj, "enabled"),
    archive: optBoolean(obj, "archive"),
    tags: optStringArray(obj, "tags"),
  };
  if (obj.targetSegments !== undefined) p.targetSegments = parseTargetSegments(obj.targetSegments);
  if (kind === "experiment") {
    p.experimentType = optEnum(obj, "experimentType", EXPERIMENT_TYPES);
    p.stickyBucketing = optBoolean(obj, "stickyBucketing");
    if ("startDate" in obj) p.startDate = parseDate(obj.startDate, "startDate");
    if ("endDate" in obj) p.endDate = parseDate(obj.endDate, "endDate");
    if ("exposureEvent" in obj) p.exposureEvent = parseExposureEvent(obj.exposureEvent);
    if ("decision" in obj) p.decision = obj.decision === null ? null : optEnum(obj, "decision", DECISIONS);
    if ("decisionReason" in obj) p.decisionReason = nullableString(obj, "decisionReason");
    if ("rolledOutVariant" in obj) p.rolledOutVariant = nullableString(obj, "rolledOutVariant");
  }
  return p;
}

/**
 * Accepts an ISO 8601 timestamp or date and keeps its UTC date, because reads return `YYYY-MM-DD`.
 * @param value - raw value
 * @param field - field name for messages
 */
function parseDate(value: JsonValue, field: string): string | null {
  if (value === null) return null;
  if (typeof value !== "string") throw badRequest(`"${field}" must be a string`);
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) throw badRequest(`"${field}" must be a valid ISO 8601 date`);
  return new Date(ms).toISOString().slice(0, 10);
}

function nullableString(obj: JsonObject, key: string): string | null {
  return obj[key] === null ? null : (optString(obj, key) as string);
}
