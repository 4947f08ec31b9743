#!/usr/bin/env -S node --max-semi-space-size=32
// --max-semi-space-size=32: a long run then peaks near 200 MB RSS instead of ~245 MB (V8 otherwise
// grows its young generation to 128 MB); throughput is unchanged (bench/memory.ts).
// Runs the compiled CLI when the package is installed; from a source checkout on Node >= 22.18
// the TypeScript sources run directly.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';

// Node's compile cache (in the OS temp directory): later starts skip compiling, and for the
// TypeScript sources stripping the types. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
nodeModule.enableCompileCache?.(); // Node >= 22.1

// Started by npm (npx, npm run, npm exec), this process is the child of npm's `sh -c` wrapper. A
// SIGTERM sent to npm is forwarded to that shell only: the shell dies and this process would go
// on as an orphan (a mock still holding its port). When the wrapper goes away, take it as the
// SIGTERM it was: the command stops as it does on its own SIGTERM (report written, exit 143).
if (process.env.npm_command && process.ppid > 1) {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch); // once: a second SIGTERM means "stop at once" to `run`
    process.kill(process.pid, 'SIGTERM');
  }, 100).unref();
}

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const entry = existsSync(compiled) ? compiled : new URL('../cli/main.ts', import.meta.url);
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
