/** `qtm features`: the CLI of jobs/features-job.ts. */
import { type Command, InvalidArgumentError } from 'commander';
import { type FeaturesCommandOptions, runFeatures } from '../../jobs/features-job';
import { commaList } from '../option-parsers';

function roiLabels(value: string): number[] {
  return commaList(value).map((v) => {
    const label = Number(v);
    if (![1, 2, 3].includes(label))
      throw new InvalidArgumentError(`ROI labels are 1 (enhancing), 2 (necrosis) or 3 (oedema), got "${v}"`);
    return label;
  });
}

export function registerFeatures(program: Command): void {
  program
    .command('features')
    .description(
      'ROI features (mean, median, p10, p90, skewness per map; mask fractions) of every subject of a cohort',
    )
    .requiredOption('--cohort <dir>', 'cohort folder with labels.csv and one folder per subject')
    .requiredOption('--methods <names>', 'comma-separated methods under maps/ (e.g. 2cxm,qtmnet)', commaList)
    .requiredOption('--out <file>', 'output CSV')
    .option(
      '--roi-labels <list>',
      'tumour mask labels forming the ROI (1 enhancing, 2 necrosis, 3 oedema)',
      roiLabels,
      [1],
    )
    .action((opts: FeaturesCommandOptions) => {
      process.stdout.write(runFeatures(opts));
    });
}
