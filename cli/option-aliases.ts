/**
 * One option vocabulary across `qtm` (`--out` for what a command writes, `--subject` for a subject folder):
 * the spellings used before are still accepted, with a warning on stderr, until the version named here,
 * when they are to be deleted (a unit test fails once package.json reaches it with an alias left).
 */
import { type Command, Option } from 'commander';

export const ALIASES_REMOVED_IN = '0.3.0';

export interface OptionAlias {
  /** the old flag with its argument, e.g. "--output <file>" */
  old: string;
  /** the new flag's attribute name, e.g. "out" */
  now: string;
}

/** The hidden option of an old spelling, told apart from other options by its class. */
export class AliasOption extends Option {}

/**
 * Adds the old spelling as a hidden option that fills the new one (before commander checks mandatory
 * options, so a required new option is satisfied by the old spelling) and warns once.
 */
export function addOptionAlias(
  command: Command,
  alias: OptionAlias,
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Command {
  const option = new AliasOption(alias.old).hideHelp();
  const replacement = command.options.find((o) => o.attributeName() === alias.now);
  if (!replacement) throw new Error(`qtm ${command.name()}: no option --${alias.now} to alias ${alias.old}`);
  command.addOption(option);
  command.on(`option:${option.name()}`, (value: string) => {
    warn(
      `qtm ${command.name()}: ${option.long} is deprecated, use ${replacement.long} (the old spelling goes in version ${ALIASES_REMOVED_IN})`,
    );
    command.setOptionValueWithSource(alias.now, value, 'cli');
  });
  return command;
}
