import { describe, expect, it } from 'vitest';
import { liveLine } from '../../../engine/run/live.ts';

const base = { creates: 0, uncertain: 0, notSent: 0, withoutSid: 0 };

describe('liveLine: the numbers add up', () => {
  it('says where the profiles the cleanup did not delete went', () => {
    expect(liveLine({ ...base, creates: 403, deletedByChecks: 2, cleanup: { deleted: 401, failed: [] } })).toBe(
      "created 403 profiles; 2 deleted by the suite's own delete checks; 401 deleted at the end",
    );
  });

  it('names what could not be deleted, what named no sid, and a sid named twice', () => {
    const line = liveLine({
      ...base,
      creates: 10,
      withoutSid: 1,
      deletedByChecks: 2,
      cleanup: { deleted: 5, failed: [{ sid: 'BUabc', reason: 'DELETE answered 500' }] },
    });
    expect(line).toBe(
      "created 10 profiles; 2 deleted by the suite's own delete checks; 5 deleted at the end; COULD NOT DELETE 1: BUabc (see the report); 1 create named no sid (not deletable); 1 create named a sid an earlier create had named (one profile, deleted once)",
    );
  });

  it('with --keep-created: the ones the checks deleted, and the other ones kept', () => {
    expect(liveLine({ ...base, creates: 15, deletedByChecks: 2, kept: true })).toBe(
      "created 15 profiles; 2 deleted by the suite's own delete checks; the other 13 kept (--keep-created)",
    );
    expect(liveLine({ ...base, creates: 1, kept: true })).toBe('created 1 profile; 1 kept (--keep-created)');
  });
});
