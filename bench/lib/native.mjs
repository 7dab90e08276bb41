// Drives the native example (examples/bench_native.rs) as a child process: one
// command per line in, one JSON line out, so its rounds interleave with the
// JavaScript ones.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Starts the native benchmark on `corpusPath`; resolves once it has read the corpus. */
export async function startNative(binary, corpusPath) {
  if (!existsSync(binary)) {
    throw new Error(`${binary} is not built: run bench/run without --no-build, or `
      + 'cargo build --release --example bench_native');
  }
  const child = spawn(binary, [corpusPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let failure;
  child.on('error', (error) => {
    failure = error;
  });

  async function answer() {
    const { value, done } = await lines.next();
    if (done) {
      throw failure ?? new Error(`${binary} stopped (exit code ${child.exitCode})`);
    }
    return JSON.parse(value);
  }

  await answer();
  return {
    /** Sends one command and returns its JSON answer. */
    async ask(command) {
      child.stdin.write(`${command}\n`);
      return answer();
    },
    stop() {
      child.stdin.end('quit\n');
    },
  };
}
