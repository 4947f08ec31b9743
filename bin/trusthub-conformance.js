#!/usr/bin/env node
// Runs the compiled CLI when the package is installed; from a source checkout on Node >= 22.18
// the TypeScript sources run directly.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const entry = existsSync(compiled) ? compiled : new URL('../cli/main.ts', import.meta.url);
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
