// Loading the built package (pkg/, the same module that ships) and policy files.
import { CliError } from './errors.mjs';
import { readText } from './input.mjs';

const PKG = new URL('../../pkg/', import.meta.url);

async function importPkg(file) {
  try {
    return await import(new URL(file, PKG));
  } catch (error) {
    if (error.code === 'ERR_MODULE_NOT_FOUND') {
      throw new CliError('the wasm package is not built: run ./promptward (it builds pkg/ '
        + 'first) or scripts/build');
    }
    throw error;
  }
}

/** The package's main module (Scanner and the other engines). */
export function loadPromptward() {
  return importPkg('promptward.js');
}

/**
 * Reads a policy file (JSON or YAML) into an object; undefined without a path.
 * Errors name the file.
 */
export async function loadPolicy(path) {
  if (path === undefined) {
    return undefined;
  }
  const { parsePolicyText } = await importPkg('yaml.js');
  const { name, text } = readText(path);
  try {
    return parsePolicyText(text);
  } catch (error) {
    throw new CliError(`policy ${name}: ${error.message}`);
  }
}

/** A Scanner for the policy at `path` (or the embedded default); errors name the file. */
export async function createScanner(path) {
  const { Scanner } = await loadPromptward();
  const policy = await loadPolicy(path);
  try {
    return new Scanner(policy);
  } catch (error) {
    const code = error.code ?? error.name;
    throw new CliError(`policy ${path ?? '(embedded default)'}: ${code}: ${error.message}`);
  }
}
