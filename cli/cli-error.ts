/**
 * Turns an error into one line on stderr and an exit code. Errors with a stable `code` (input, format,
 * configuration and stack errors) are the user's to fix: the line says what and where. Anything else is a
 * bug or an infrastructure fault and keeps its stack, for a bug report.
 */
import { CommanderError } from 'commander';

export function reportCliError(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version'
      ? 0
      : 2;
  }
  const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  if (err instanceof Error && typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) {
    process.stderr.write(`qtm: ${code}: ${err.message}\n`);
    return 2;
  }
  process.stderr.write(
    `qtm: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  return 1;
}
