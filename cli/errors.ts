import { OptionError, type ToolErrorCode } from '../contracts/errors.ts';

/** Exit codes of every command. */
export const EXIT = {
  conformant: 0,
  notConformant: 1,
  usage: 2,
  unreachable: 3,
  internal: 70,
  /** the tool's own machine failed under a request (out of file descriptors, memory or local ports): the partial report is written */
  osError: 71,
  /** the run finished and its verdict was printed, but an output could not be written (disk full, folder removed, …) */
  writeFailed: 74,
  sighup: 129,
  sigint: 130,
  sigterm: 143,
} as const;

/**
 * `trusthub-conformance verify`: a report folder against the in-toto statement written beside it
 * (reports/statement.ts) and against itself. One line and one exit code per outcome.
 */
export const VERIFY_EXIT = {
  /** every file matches the statement, and verdict, levels and fingerprints recompute */
  verified: 0,
  /** report.json contradicts itself: a count is no count, or a status, level, verdict or fingerprint does not recompute */
  contradicts: 1,
  /** a file cannot be read: missing, unreadable, not JSON, not a statement */
  unreadable: 2,
  /** a file differs from the statement (its digest), or the statement's certificate from report.json's */
  differs: 4,
  /** another catalog judged the report: verify it with the version that wrote it */
  otherVersion: 5,
} as const;

/** The one table from a tool error's code to the exit code the CLI ends with. */
export const EXIT_FOR_CODE: Readonly<Record<ToolErrorCode, number>> = {
  CT_ERR_OPTION: EXIT.usage,
  CT_ERR_FILE: EXIT.usage,
  CT_ERR_MERGE: EXIT.usage,
  CT_ERR_PACT: EXIT.usage,
  CT_ERR_MOCK_OPTION: EXIT.usage,
  CT_ERR_UNKNOWN_REPORT_FORMAT: EXIT.usage,
  CT_ERR_UNREACHABLE: EXIT.unreachable,
  CT_ERR_WRITE: EXIT.writeFailed,
  CT_ERR_CREDENTIALS: EXIT.usage,
  CT_ERR_RESOURCE: EXIT.osError,
};

/** A problem with the user's flags, config or files: one clear line, exit 2, no stack trace. */
export class UsageError extends OptionError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
