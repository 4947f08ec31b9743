import { describe, expect, it } from 'vitest';
import { onTarget } from '../../../engine/phases/probes.ts';

describe('a URL an answer gives, as the run may follow it', () => {
  const base = 'http://127.0.0.1:4010';

  it('is sent as it is on the target, moved onto the target under the stated public base URL', () => {
    expect(onTarget(`${base}/v1/CustomerProfiles?PageSize=2&Page=1`, base, undefined)).toBe(`${base}/v1/CustomerProfiles?PageSize=2&Page=1`);
    expect(onTarget('https://api.example.test/v1/CustomerProfiles/BU1', base, 'https://api.example.test/')).toBe(`${base}/v1/CustomerProfiles/BU1`);
  });

  it('never leaves the target: a URL on another origin is followed as its path and query on the target, or not at all', () => {
    expect(onTarget('https://trusthub.twilio.com/v1/CustomerProfiles?PageSize=2&Page=1', base, undefined)).toBe(`${base}/v1/CustomerProfiles?PageSize=2&Page=1`);
    expect(onTarget('https://api.example.test.evil/v1/CustomerProfiles/BU1', base, 'https://api.example.test')).toBe(`${base}/v1/CustomerProfiles/BU1`);
    expect(onTarget('https://elsewhere.test/admin', base, undefined)).toMatchObject({ why: expect.stringContaining('not followed') });
    expect(onTarget('/v1/CustomerProfiles?Page=1', base, undefined)).toMatchObject({ why: expect.stringContaining('not an absolute URL') });
    expect(onTarget(null, base, undefined)).toMatchObject({ why: expect.stringContaining('not a URL') });
  });
});
