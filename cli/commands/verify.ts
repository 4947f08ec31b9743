import type { Command } from 'commander';
import { VERIFY_EXIT } from '../errors.ts';

interface VerifyFlags {
  statement?: string;
}

/** `trusthub-conformance verify`: check a report folder against the in-toto statement beside it and against itself. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("check a report against its in-toto statement (statement.intoto.json) and against itself: digests, verdict, levels, fingerprints")
    .argument('[report]', 'a report folder, or its report.json', 'conformance-report')
    .option('--statement <file>', 'the statement to check against (default: statement.intoto.json beside report.json)')
    .addHelpText(
      'after',
      '\nThe statement is what CI signs (actions/attest, gh attestation, cosign); verify checks what the signature covers.\n' +
        `Exit codes: ${VERIFY_EXIT.verified} verified, ${VERIFY_EXIT.contradicts} the report contradicts itself, ${VERIFY_EXIT.unreadable} a file cannot be read, ` +
        `${VERIFY_EXIT.differs} a file differs from the statement, ${VERIFY_EXIT.otherVersion} judged by another catalog (use the version that wrote it).`,
    )
    .action(async (path: string, flags: VerifyFlags) => {
      const { verifyReport } = await import('../verify.ts');
      const outcome = await verifyReport(path, flags.statement);
      (outcome.code === VERIFY_EXIT.verified ? process.stdout : process.stderr).write(`${outcome.line}\n`);
      process.exitCode = outcome.code;
    });
}
