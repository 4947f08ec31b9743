import { SID_PATTERNS, STATUS_VALUES } from '../contracts/schemas.ts';
import type { StoredProfile } from './store.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface ListMeta {
  page: number;
  page_size: number;
  first_page_url: string;
  previous_page_url: string | null;
  url: string;
  next_page_url: string | null;
  key: 'results';
}

const FILTERS = ['Status', 'FriendlyName', 'PolicySid'] as const;
const POLICY = new RegExp(SID_PATTERNS.policy);
const INTEGER = /^[0-9]{1,9}$/;

/**
 * One page of GET /v1/CustomerProfiles, in Twilio's paging shape. Query: PageSize (1-1000, default 50),
 * Page (from 0), and the documented filters Status, FriendlyName, PolicySid (exact match). PageToken is ignored.
 */
export function listPage(
  all: StoredProfile[],
  query: URLSearchParams,
  collectionUrl: string,
): { profiles: StoredProfile[]; meta: ListMeta } | { invalid: string } {
  const pageSizeText = query.get('PageSize');
  const pageText = query.get('Page');
  if (pageSizeText !== null && !(INTEGER.test(pageSizeText) && +pageSizeText >= 1 && +pageSizeText <= MAX_PAGE_SIZE)) {
    return { invalid: 'PageSize' };
  }
  if (pageText !== null && !INTEGER.test(pageText)) return { invalid: 'Page' };
  const status = query.get('Status');
  if (status !== null && !(STATUS_VALUES as readonly string[]).includes(status)) return { invalid: 'Status' };
  const policySid = query.get('PolicySid');
  if (policySid !== null && !POLICY.test(policySid)) return { invalid: 'PolicySid' };
  const friendlyName = query.get('FriendlyName');

  const matching =
    status === null && policySid === null && friendlyName === null
      ? all
      : all.filter(
          (p) =>
            (status === null || p.status === status) &&
            (policySid === null || p.policySid === policySid) &&
            (friendlyName === null || p.friendlyName === friendlyName),
        );
  const pageSize = pageSizeText === null ? DEFAULT_PAGE_SIZE : +pageSizeText;
  const page = pageText === null ? 0 : +pageText;
  const start = page * pageSize;

  const filters = new URLSearchParams();
  for (const name of FILTERS) {
    const value = query.get(name);
    if (value !== null) filters.append(name, value);
  }
  const prefix = `${collectionUrl}?${filters.size > 0 ? `${filters}&` : ''}PageSize=${pageSize}&Page=`;
  return {
    profiles: matching.slice(start, start + pageSize),
    meta: {
      page,
      page_size: pageSize,
      first_page_url: `${prefix}0`,
      previous_page_url: page > 0 ? `${prefix}${page - 1}` : null,
      url: `${prefix}${page}`,
      next_page_url: start + pageSize < matching.length ? `${prefix}${page + 1}` : null,
      key: 'results',
    },
  };
}
