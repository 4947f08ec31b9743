import { OptionError, type ToolErrorCode } from '../contracts/errors.ts';

/** Exit codes of every command. */
export const EXIT = {
  conformant: 0,
  notConformant: 1,
  usage: 2,
  unreachable: 3,
  internal: 70,
  /** the run finished and its verdict was printed, but an output could not be written (disk full, folder removed, …) */
  writeFailed: 74,
  sigint: 130,
  sigterm: 143,
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
};

/** A problem with the user's flags, config or files: one clear line, exit 2, no stack trace. */
export class UsageError extends OptionError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
