#!/usr/bin/env node
// Runs the compiled CLI when the package is installed; from a source checkout on Node >= 22.18
// the TypeScript sources run directly.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';

// Node's compile cache (in the OS temp directory): later starts skip compiling, and for the
// TypeScript sources stripping the types. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
nodeModule.enableCompileCache?.(); // Node >= 22.1

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const entry = existsSync(compiled) ? compiled : new URL('../cli/main.ts', import.meta.url);
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
