/**
 * Every error the tool itself raises (as opposed to a bug) is a ToolError with a stable code, as
 * undici's errors are: callers and the CLI branch on `code`, never on the class or the message.
 * The CLI maps each code to an exit code in one table (cli/errors.ts).
 */
export type ToolErrorCode =
  /** a flag, config value or engine option is wrong: nothing was sent */
  | 'CT_ERR_OPTION'
  /** a file the user gave (cassette, observations, deviations, expectations) is unreadable or wrong */
  | 'CT_ERR_FILE'
  /** shard reports that are not the shards of one certification */
  | 'CT_ERR_MERGE'
  /** a pact, the broker or the verifier cannot be set up */
  | 'CT_ERR_PACT'
  /** an option of the reference mock */
  | 'CT_ERR_MOCK_OPTION'
  /** a report format name */
  | 'CT_ERR_UNKNOWN_REPORT_FORMAT'
  /** the target gave no answer at all */
  | 'CT_ERR_UNREACHABLE'
  /** the tool could not write one of its own files (disk full, too many open files, folder removed): never the target's fault */
  | 'CT_ERR_WRITE'
  /** the target refused the credentials (401 to an authenticated read before the plan) */
  | 'CT_ERR_CREDENTIALS'
  /** the tool's own machine failed under a request (out of file descriptors, memory or local ports): the run stopped, never the target's fault */
  | 'CT_ERR_RESOURCE';

export const TOOL_ERROR_CODES: readonly ToolErrorCode[] = ['CT_ERR_OPTION', 'CT_ERR_FILE', 'CT_ERR_MERGE', 'CT_ERR_PACT', 'CT_ERR_MOCK_OPTION', 'CT_ERR_UNKNOWN_REPORT_FORMAT', 'CT_ERR_UNREACHABLE', 'CT_ERR_WRITE', 'CT_ERR_CREDENTIALS', 'CT_ERR_RESOURCE'];

export class ToolError extends Error {
  readonly code: ToolErrorCode;
  constructor(code: ToolErrorCode, message: string) {
    super(message);
    this.name = 'ToolError';
    this.code = code;
  }
}

export function isToolError(err: unknown): err is ToolError {
  return err instanceof ToolError;
}

/** A bad option of the engine (or of a flag or config key mapped to it): one line naming it. */
export class OptionError extends ToolError {
  constructor(message: string) {
    super('CT_ERR_OPTION', message);
    this.name = 'OptionError';
  }
}
