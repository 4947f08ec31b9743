/**
 * Runs the consumer side of the contract: each interaction is registered with a Pact mock server,
 * the tiny client is driven against it, and on success Pact writes (merges) the interaction into
 * `<dir>/customer-profile-client-trusthub-customer-profiles.json`.
 *
 * Regenerate the committed pact after changing contract.ts:
 *   node contracts/pact/generate.ts
 * (tests/contracts/pact.test.ts fails while the committed file is stale.)
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PactV3, SpecificationVersion } from '@pact-foundation/pact';
import type { CreateResult } from './client.ts';
import { CONSUMER, type ContractInteraction, INTERACTIONS, PACT_FILE_NAME, PACTS_DIR, PROVIDER } from './contract.ts';

/** Runs one interaction against a fresh Pact mock server; rejects when the client's request does not match it. */
export async function runInteraction(interaction: ContractInteraction, dir: string): Promise<CreateResult> {
  // One more try on a fresh mock server: on a loaded machine the client's request can fail to reach
  // it ("expected but not received", seen once in CI). A real mismatch fails both tries alike.
  try {
    return await runInteractionOnce(interaction, dir);
  } catch {
    return runInteractionOnce(interaction, dir);
  }
}

async function runInteractionOnce(interaction: ContractInteraction, dir: string): Promise<CreateResult> {
  const pact = new PactV3({
    consumer: CONSUMER,
    provider: PROVIDER,
    dir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V3,
    logLevel: 'error',
  });
  pact.addInteraction({
    states: interaction.states,
    uponReceiving: interaction.description,
    withRequest: interaction.request,
    willRespondWith: interaction.response,
  });
  const result = await pact.executeTest((server) => interaction.exercise(server.url));
  if (!result) throw new Error(`the interaction "${interaction.description}" gave no result`);
  return result;
}

/** Writes the whole contract to `dir` from scratch (no merge with an older file); returns the file's path. */
export async function generatePact(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, PACT_FILE_NAME);
  await rm(path, { force: true });
  for (const interaction of INTERACTIONS) await runInteraction(interaction, dir);
  return path;
}

/** The pact with what changes from machine to machine (library versions) taken out, for comparing. */
export function normalisePact(text: string): unknown {
  const pact = JSON.parse(text) as { metadata?: Record<string, unknown> };
  if (pact.metadata) {
    delete pact.metadata['pact-js'];
    delete pact.metadata.pactRust;
  }
  return pact;
}

export async function readNormalisedPact(path: string): Promise<unknown> {
  return normalisePact(await readFile(path, 'utf8'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  generatePact(PACTS_DIR).then(
    (path) => process.stdout.write(`wrote ${path}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
