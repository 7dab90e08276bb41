// Where the test project and the tools are: tests/packaging/run installs the packed
// package into PROMPTWARD_CONSUMER and the tools into tests/packaging/node_modules.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const consumerDir = process.env.PROMPTWARD_CONSUMER;
if (!consumerDir) {
  throw new Error('PROMPTWARD_CONSUMER is not set: run these tests with tests/packaging/run');
}

/** The project the tarball was installed into, and its work directory's parent. */
export const consumer = consumerDir;
export const work = join(consumerDir, '..');

/** tests/packaging/, which holds the tools' node_modules. */
export const packaging = fileURLToPath(new URL('../../', import.meta.url));

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}
