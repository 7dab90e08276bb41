// Errors the CLI reports as one line on stderr, and the exit codes they map to.

/** A usage, policy or input error: printed as `promptward: <message>`, exit 2. */
export class CliError extends Error {
  constructor(message, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * Prints an error on stderr with the `promptward: ` prefix and returns its exit code.
 * Errors from the wasm module (InvalidPolicy, InvalidRule, TypeError...) keep their name.
 */
export function printError(error) {
  if (error instanceof CliError) {
    process.stderr.write(`promptward: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof Error && error.code !== undefined && typeof error.code === 'string'
    && /^[A-Z]\w+$/.test(error.code)) {
    process.stderr.write(`promptward: ${error.code}: ${error.message}\n`);
    return 2;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`promptward: internal error: ${detail}\n`);
  return 2;
}
