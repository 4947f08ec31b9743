import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'trusthub-conformance' && pkg.version) return { name: pkg.name, version: pkg.version };
    } catch {
      // not here: look one folder up
    }
    dir = dirname(dir);
  }
  return { name: 'trusthub-conformance', version: '0.0.0' };
}

/** The tool's own name and version, read once from its package.json. */
export const TOOL = findPackageJson();
