import { isApiError } from "../api";
import { amplitudeRemedy } from "../api/remedies";

/**
 * One line for the user: what the provider was doing, what the API said, and what to do about it. API errors
 * already carry the call and the remedy (their own "<call> failed: " lead is replaced by ours, which names
 * the resource); a 400 whose message names a situation (archived, in use, conflict) gets the remedy for that
 * situation instead of the generic "fix the field". Anything else keeps its own message. Never a stack trace
 * or a key.
 * @param action - what the provider was doing, e.g. `updating flag 'x' in project 1 (id 5)`.
 * @param error - what was caught.
 */
export function describeFailure(action: string, error: unknown): string {
  if (isApiError(error)) {
    let text = error.message.replace(/^[^:]*? failed: /, "");
    const fitting = amplitudeRemedy(error.code, error.serverMessage);
    if (fitting && text.endsWith(error.remedy)) text = `${text.slice(0, text.length - error.remedy.length)}${fitting}`;
    return `${action} failed: ${text}`;
  }
  return `${action} failed: ${error instanceof Error ? error.message : String(error)}`;
}
