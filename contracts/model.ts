/**
 * The account model (engine/phases/model/model.ts): what a seeded sequence of creates, reads, lists and
 * deletes has left in the account, as far as the run's own profiles go, and one command of it with
 * the answers it got. The rules of the model (`CheckInfo.model`) judge each command against what
 * the model held before it (engine/checks/model.ts).
 */
import type { Reply, TestCase } from './exchange.ts';

/** A profile the sequence created: what was sent for it, and the command that made it (1-based). */
export interface ModelProfile {
  sid: string;
  /** the parameters as a faithful server reads them (TestCase.fields): what every view must show */
  fields: Readonly<Record<string, string>>;
  by: number;
}

/** A create the contract refuses, and the text it carried that would show where it was stored. */
export interface RefusedCreate {
  /** the command that sent it */
  by: number;
  /** the text only this create carried, in its FriendlyName or Email */
  marker: string;
  /** the rule it breaks, in words */
  label: string;
}

/** What the model holds before a command: only the sequence's own profiles, never the account's others. */
export interface AccountModel {
  /** created and not deleted, in creation order */
  live: ReadonlyMap<string, ModelProfile>;
  /** deleted by the sequence (204), with the command that deleted them */
  deleted: ReadonlyMap<string, ModelProfile & { deletedBy: number }>;
  /** refused creates: none may ever be seen stored */
  refused: readonly RefusedCreate[];
}

/** Whose sid a fetch or delete names: a live profile, one the sequence deleted, or one that never existed. */
export type Whose = 'live' | 'deleted' | 'unknown';

interface StepBase {
  /** the command's number in its sequence (1-based) */
  n: number;
  /** the model before the command */
  model: AccountModel;
}

/**
 * Why a list walk stopped early: next_page_url led back to a page already walked (`cycle`), pages
 * kept coming with no profile not shown before (`stalled`), or it ran past the most pages a walk
 * may take (`pages`).
 */
export interface WalkCut {
  reason: 'cycle' | 'stalled' | 'pages';
  /** in words */
  message: string;
}

/** One command of a sequence, with its answers. */
export type ModelStep =
  | (StepBase & { command: 'create'; case: TestCase; answer: Reply })
  | (StepBase & { command: 'fetch' | 'delete'; sid: string; whose: Whose; answer: Reply })
  | (StepBase & {
      command: 'list';
      pageSize: number;
      /** every page, in the order walked (following next_page_url) */
      pages: readonly Reply[];
      /** why the walk stopped before a page with no next_page_url (absent: it reached the end) */
      cut?: WalkCut;
      /** the filter the list was asked with (a live profile's own value), absent for the whole list */
      filter?: ListFilter;
    });

/** A list filter the model asks with: a parameter of the list and a live profile's own value of it. */
export interface ListFilter {
  param: 'FriendlyName' | 'PolicySid';
  value: string;
}

/** Whether an answer shows the route exists: 405 and 501 say it does not (judged elsewhere). */
export function lacksRoute(reply: Pick<Reply, 'response'>): boolean {
  const status = reply.response?.status;
  return status === 405 || status === 501;
}
