/**
 * An error a route handler throws to answer with a given status and message.
 * The app turns it into `{"error": message}`; anything else thrown becomes a 500.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /**
   * @param status - HTTP status to answer with
   * @param message - text placed in the `error` field of the JSON body
   */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Builds the 400 the vendor uses for every invalid input, including unknown ids.
 * @param message - the message for the `error` field
 */
export function badRequest(message: string): ApiError {
  return new ApiError(400, message);
}
