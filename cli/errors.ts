/** Exit codes of every command. */
export const EXIT = {
  conformant: 0,
  notConformant: 1,
  usage: 2,
  unreachable: 3,
  sigint: 130,
  sigterm: 143,
} as const;

/** A problem with the user's flags, config or files: one clear line, exit 2, no stack trace. */
export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}
