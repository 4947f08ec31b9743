import type { FaultName } from './faults.ts';
import type { StoredProfile } from './store.ts';

/**
 * The faults of a profile lookup that finds a profile by more than its sid (the path's segment, decoded):
 * - lookup-friendly-id-slug: Rails friendly_id, the FriendlyName as a slug (acme-corp) beside the sid;
 * - lookup-numeric-row-id: `find_by(sid:) || find(id)`, a small integer is a row's id: the store's counter, over every account's rows;
 * - lookup-sid-regex-prefix: a MongoDB query by /^segment/ (no `$`): a sid's first characters name it;
 * - lookup-sid-dollar-newline: a /^BU[0-9a-f]{32}$/ guard whose `$` matches before a final newline, the newline then stripped.
 * The sid of the profile it finds among the account's, or undefined.
 */
export function lookalike(fault: FaultName | null, profiles: readonly StoredProfile[], segment: string): string | undefined {
  switch (fault) {
    case 'lookup-friendly-id-slug':
      return profiles.find((p) => p.friendlyName && slug(p.friendlyName) === segment)?.sid;
    case 'lookup-numeric-row-id':
      return /^[1-9]\d{0,5}$/.test(segment) ? profiles.find((p) => p.seq === Number(segment))?.sid : undefined;
    case 'lookup-sid-regex-prefix':
      return segment.length >= 4 ? profiles.find((p) => p.sid.startsWith(segment))?.sid : undefined;
    case 'lookup-sid-dollar-newline':
      return /^BU[0-9a-fA-F]{32}\n$/.test(segment) ? segment.slice(0, -1) : undefined;
    default:
      return undefined;
  }
}

/** friendly_id's parameterize: lower case, every run of other characters one hyphen, none at the ends. */
const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
