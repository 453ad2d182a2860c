/**
 * One option vocabulary: the old spellings (`fit --output`, `infer --input`) still work, with a warning,
 * until version 0.3.0; from that version on this test fails while any alias is left.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerCommands } from '../../../cli/commands';
import { ALIASES_REMOVED_IN, AliasOption, addOptionAlias } from '../../../cli/option-aliases';

async function program(): Promise<Command> {
  const p = new Command('qtm').exitOverride();
  await registerCommands(p);
  return p;
}

function aliases(c: Command): string[] {
  return [
    ...c.options.filter((o) => o instanceof AliasOption).map((o) => `${c.name()} ${o.long}`),
    ...c.commands.flatMap(aliases),
  ];
}

const atLeast = (version: string, floor: string) => {
  const [a, b] = [version, floor].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

describe('option aliases', () => {
  it('fills the new option from the old spelling and says so once', async () => {
    const warnings: string[] = [];
    let seen: Record<string, unknown> = {};
    const cmd = new Command('infer').exitOverride().requiredOption('--subject <dir>', 'subject folder');
    addOptionAlias(cmd, { old: '--input <dir>', now: 'subject' }, (w) => warnings.push(w)).action((o) => {
      seen = o;
    });
    await cmd.parseAsync(['--input', 'sub-001'], { from: 'user' });
    expect(seen.subject).toBe('sub-001');
    expect(warnings).toEqual([
      `qtm infer: --input is deprecated, use --subject (the old spelling goes in version ${ALIASES_REMOVED_IN})`,
    ]);
    await cmd.parseAsync(['--subject', 'sub-002'], { from: 'user' });
    expect(seen.subject).toBe('sub-002');
    expect(warnings).toHaveLength(1);
  });

  it('hides the old spellings from --help', async () => {
    const infer = (await program()).commands.find((c) => c.name() === 'infer') as Command;
    const help = infer.helpInformation();
    expect(help).toContain('--subject <dir>');
    expect(help).not.toContain('--input');
  });

  it(`are gone once package.json reaches ${ALIASES_REMOVED_IN}`, async () => {
    const version = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')).version;
    const left = aliases(await program());
    expect(left.sort()).toEqual(
      atLeast(version, ALIASES_REMOVED_IN) ? [] : ['auc --report', 'fit --output', 'infer --input'],
    );
  });
});
