/**
 * Parses a policy document written as JSON or YAML into a plain object, ready for
 * `new Scanner(policy)`. Throws an Error named `InvalidPolicy` on malformed text and
 * a TypeError when `text` is not a string.
 */
export function parsePolicyText(text: string): Record<string, unknown>;
