/**
 * A differential run's reference, resolved with the rest of the options: a base URL (guarded like
 * the target), or a cassette recorded with run --record, checked as an input file and read for
 * its metadata (the seed, runs, policies and shard it recorded become the run's own).
 */
import { OptionError } from '../../contracts/errors.ts';
import { readCassette } from '../../evidence/har.ts';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN } from '../../mock/options.ts';
import type { Credentials } from '../transport/credentials.ts';
import { checkInputFile } from './files.ts';
import type { OptionInput, ResolvedReference } from './model.ts';
import { baseUrl, type Naming, nameOf } from './names.ts';

const isUrl = (value: string) => /^https?:\/\//i.test(value);

/** The embedded mock's own account: a URL reference is sent with it when no credentials were given. */
const MOCK_CREDENTIALS: Credentials = { accountSid: DEFAULT_ACCOUNT_SID, username: DEFAULT_ACCOUNT_SID, password: DEFAULT_AUTH_TOKEN, kind: 'auth-token' };

export async function resolveReference(input: OptionInput, credentials: Credentials | undefined, naming: Naming): Promise<ResolvedReference> {
  const name = nameOf('reference', naming);
  const value = input.reference;
  if (value === undefined) throw new OptionError(`a diff needs ${name}: a base URL, or a cassette recorded with run --record`);
  if (typeof value !== 'string') throw new OptionError(`${name} must be a base URL or a file path`);
  if (isUrl(value)) return { kind: 'url', url: baseUrl(name, value), credentials: credentials ?? MOCK_CREDENTIALS };
  try {
    await checkInputFile(name, value, 'cassette');
  } catch (err) {
    if (err instanceof OptionError && err.message.endsWith('no such file')) {
      throw new OptionError(`${name} ${value}: no such file (give a base URL or a cassette recorded with run --record)`);
    }
    throw err;
  }
  const cassette = await readCassette(value, name);
  if (!cassette.meta && (input.seed === undefined || input.runs === undefined)) {
    throw new OptionError(`${name} ${value}: the HAR has no _trusthubConformance metadata; give the ${nameOf('seed', naming)} and ${nameOf('runs', naming)} it was recorded with`);
  }
  return { kind: 'cassette', cassette, path: value };
}
