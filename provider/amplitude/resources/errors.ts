import { isApiError } from "../api";

/**
 * One line for the user: what the provider was doing, what the API said, and what to do about it. API errors
 * already carry the call and the remedy (their own "<call> failed: " lead is replaced by ours, which names
 * the resource); anything else keeps its own message. Never a stack trace or a key.
 */
export function describeFailure(action: string, error: unknown): string {
  if (isApiError(error)) return `${action} failed: ${error.message.replace(/^[^:]*? failed: /, "")}`;
  return `${action} failed: ${error instanceof Error ? error.message : String(error)}`;
}
