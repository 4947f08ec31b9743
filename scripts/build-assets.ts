/**
 * The part of `npm run build` that is not TypeScript: the JSON Schemas as files
 * (dist/schemas/*.json, exported as `trusthub-conformance/schemas/<name>.json`) and the project's
 * pact file next to the compiled code that reads it (dist/contracts/pacts/).
 */
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../contracts/config.ts';
import { createRequestSchema, customerProfileListSchema, customerProfileSchema, errorEnvelopeSchema } from '../contracts/schemas.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** file name (without .json) → schema */
export const SCHEMA_FILES: Record<string, object> = {
  'create-request': createRequestSchema,
  'customer-profile': customerProfileSchema,
  'customer-profile-list': customerProfileListSchema,
  'error-envelope': errorEnvelopeSchema,
  config: configSchema,
};

export async function buildAssets(dist = join(ROOT, 'dist')): Promise<string[]> {
  const written: string[] = [];
  await mkdir(join(dist, 'schemas'), { recursive: true });
  for (const [name, schema] of Object.entries(SCHEMA_FILES)) {
    const path = join(dist, 'schemas', `${name}.json`);
    await writeFile(path, `${JSON.stringify(schema, null, 2)}\n`);
    written.push(path);
  }
  const pacts = join(ROOT, 'contracts', 'pacts');
  await mkdir(join(dist, 'contracts', 'pacts'), { recursive: true });
  for (const file of await readdir(pacts)) {
    if (!file.endsWith('.json')) continue;
    await copyFile(join(pacts, file), join(dist, 'contracts', 'pacts', file));
    written.push(join(dist, 'contracts', 'pacts', file));
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = await buildAssets();
  process.stderr.write(`build-assets: ${written.length} files\n`);
}
