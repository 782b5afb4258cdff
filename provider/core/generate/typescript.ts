/**
 * Writing TypeScript source for the program generators (Amplitude and ConfigCat): literals that read like
 * hand-written code, references to variables, and unique camelCase variable names.
 */

/** Code, not data: a reference such as `product.id`, written into the program as is by {@link literal}. */
export class Code {
  /** @param text - the TypeScript expression. */
  constructor(readonly text: string) {}
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Reserved words and globals a generated variable must not shadow. */
const reservedWords = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
  "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
  "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
  "let", "static", "implements", "interface", "package", "private", "protected", "public", "await",
]);

/**
 * An object key as TypeScript writes it: bare where it can be, quoted otherwise.
 * @param key - the key.
 */
export function propertyName(key: string): string {
  return identifier.test(key) ? key : JSON.stringify(key);
}

/**
 * A TypeScript literal for a JSON-like value, indented for nesting. Keys are bare where they can be, so the
 * output reads like hand-written code; {@link Code} values are written as is; `undefined` members are left out.
 * @param value - the value (JSON-compatible, or {@link Code}).
 * @param indent - the indentation of the line the literal starts on.
 */
export function literal(value: unknown, indent = ""): string {
  if (value instanceof Code) return value.text;
  if (value === null || typeof value !== "object") return value === undefined ? "undefined" : JSON.stringify(value);
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => literal(v, inner));
    const oneLine = `[${items.join(", ")}]`;
    return oneLine.length <= 100 && !oneLine.includes("\n") ? oneLine : `[\n${items.map((i) => inner + i).join(",\n")},\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  // `{ projectId }` rather than `{ projectId: projectId }`: the output should read like hand-written code.
  const props = entries.map(([k, v]) => (v instanceof Code && v.text === k ? k : `${propertyName(k)}: ${literal(v, inner)}`));
  const oneLine = `{ ${props.join(", ")} }`;
  return oneLine.length <= 100 && !oneLine.includes("\n") ? oneLine : `{\n${props.map((p) => inner + p).join(",\n")},\n${indent}}`;
}

/**
 * A camelCase variable name made of the words of `text` plus `suffix`, unique among `taken` (which it extends):
 * `("api-server_eu", "Deployment")` → `apiServerEuDeployment`, then `apiServerEuDeployment2`.
 * @param text - a label, name or key.
 * @param suffix - appended (capitalized words), e.g. `Deployment`.
 * @param taken - names already used in the program.
 * @param alsoReserved - names the program itself uses.
 * @param prefix - put in front when the words do not start a valid identifier (`1st` → `d1st…`).
 */
export function variableName(text: string, suffix: string, taken: Set<string>, alsoReserved: ReadonlySet<string> = new Set(), prefix = "v"): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1))).join("");
  if (!base || !identifier.test(base)) base = `${prefix}${base}`;
  base = `${base}${suffix}`;
  let name = base;
  for (let n = 2; taken.has(name) || reservedWords.has(name) || alsoReserved.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}
