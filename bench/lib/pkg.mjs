// Where the built package is: pkg/ at the repository root, or PROMPTWARD_PKG.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const PKG_DIR = resolve(process.env.PROMPTWARD_PKG ?? `${ROOT}/pkg`);

/** Imports a file of the package. */
export function importPkg(file) {
  return import(pathToFileURL(`${PKG_DIR}/${file}`).href);
}
