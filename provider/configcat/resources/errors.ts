import { ErrorCode, isApiError } from "../api";
import { configcatRemedy } from "../api/remedies";

/**
 * One line for the user: what the provider was doing, what ConfigCat said, and what to do about it. API errors
 * already carry the call and the remedy (their own "<call> failed: " lead is replaced by ours, which names the
 * resource); a 400/409 whose message names a situation (reason required, approval required, in use, stale version)
 * gets the remedy for that situation instead of the generic "fix the field". Never a stack trace or a credential.
 * @param action - what the provider was doing, e.g. `updating flag 'isAwesome' (id 5)`.
 * @param error - what was caught.
 */
export function describeFailure(action: string, error: unknown): string {
  if (isApiError(error)) {
    let text = error.message.replace(/^[^:]*? failed: /, "");
    const fitting = error.code === ErrorCode.BAD_REQUEST ? configcatRemedy(error.status, error.serverMessage) : undefined;
    if (fitting && text.endsWith(error.remedy)) text = `${text.slice(0, text.length - error.remedy.length)}${fitting}`;
    return `${action} failed: ${text}`;
  }
  return `${action} failed: ${error instanceof Error ? error.message : String(error)}`;
}
