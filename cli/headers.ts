/**
 * -H/--header on the terminal: the line that names the extra headers and the variables the replay
 * lines read them from. Parsing and checking them is the options model's (engine/options/headers.ts).
 */
import { headerEnvVar } from '../engine/transport/curl.ts';

export { headerRerunArgs, parseHeader, parseHeaders } from '../engine/options/headers.ts';

/** What the terminal says about the extra headers: their names and the variables replay lines read. */
export function headerNotice(headers: Readonly<Record<string, string>> | undefined): string | undefined {
  const names = Object.keys(headers ?? {});
  if (!names.length) return undefined;
  const vars = names.map((n) => `${n} from $${headerEnvVar(n)}`).join(', ');
  return `extra headers on every request: ${names.join(', ')} (values redacted in every output; replay lines read ${vars})`;
}
