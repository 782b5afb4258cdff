import { inspect } from "node:util";

const REDACTED = "[redacted]";

/**
 * A holder for a credential that never shows its value by accident.
 *
 * The value sits in an ES private field, which `util.inspect`, `JSON.stringify`, `Object.keys` and Pulumi's
 * closure serializer cannot see; `toString`, `toJSON` and the inspect hook all print `[redacted]`. Only
 * {@link Secret.reveal} returns the value, so every use of the credential is greppable.
 */
export class Secret {
  readonly #value: string;

  /** @param value - the credential to hide. */
  constructor(value: string) {
    this.#value = value;
  }

  /** Returns the credential; call it only where it goes onto the wire. */
  reveal(): string {
    return this.#value;
  }

  /** Always `[redacted]`. */
  toString(): string {
    return REDACTED;
  }

  /** Always `[redacted]`, so a serialized object never carries the credential. */
  toJSON(): string {
    return REDACTED;
  }

  /** Always `[redacted]`, for `util.inspect` and `console.log`. */
  [inspect.custom](): string {
    return REDACTED;
  }
}

/** Header names whose values are credentials. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|x-api-key|api-key|cookie|set-cookie)$/i;

/** Credential-looking fragments in free text: `Bearer …`, `Api-Key …`, `Basic …`. */
const SECRET_TEXT = /\b(Bearer|Api-Key|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/**
 * Removes credentials from free text (a server message, a cause's message) before it reaches an error or a log.
 *
 * Replaces every occurrence of the given secrets, then any `Bearer …`/`Api-Key …`/`Basic …` fragment, because a
 * server or proxy may echo the header back in an error body.
 * @param text - the text to clean.
 * @param secrets - credentials to remove wherever they occur; empty values are ignored.
 */
export function redactText(text: string, secrets: readonly Secret[] = []): string {
  let out = text;
  for (const secret of secrets) {
    const value = secret.reveal();
    if (value.length > 0) out = out.split(value).join(REDACTED);
  }
  return out.replace(SECRET_TEXT, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

/**
 * Returns a copy of a header map with credential headers replaced by `[redacted]`, for debug dumps.
 * @param headers - the headers to clean.
 */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADERS.test(name) ? REDACTED : value;
  return out;
}
