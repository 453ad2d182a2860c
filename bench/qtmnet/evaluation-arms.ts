/**
 * The QTMnet arms of an evaluation protocol loaded for inference: each arm's model folder (the protocol's path,
 * relative to the repository root, or a `--model ARM=DIR` of the command line) read and its network built.
 * Shared by evaluate-protocol.ts and dcmri-phantom.ts.
 */
import * as path from 'node:path';
import type { EvaluationProtocol } from '../../contracts/evaluation-protocol';
import { readModelFolder } from '../../formats/model-folder';
import { loadNetwork } from '../../perfusion/qtmnet/trained-model';
import { projectRoot } from '../../runtime/project-paths';
import type { LoadedArm } from './evaluation-methods';

/** Every `--model ARM=DIR` of `argv`, by arm name. */
export function modelOverrides(argv: readonly string[]): Map<string, string> {
  return new Map(
    argv.flatMap((a, i) => (argv[i - 1] === '--model' ? [a.split('=', 2) as [string, string]] : [])),
  );
}

/** The protocol's arms (only those named in `only`, when given) with their networks. */
export async function loadArms(
  p: EvaluationProtocol,
  overrides: Map<string, string>,
  only?: readonly string[],
): Promise<LoadedArm[]> {
  return Promise.all(
    p.methods.qtmnet
      .filter((arm) => !only || only.includes(arm.name))
      .map(async (arm) => {
        const model = await readModelFolder(
          overrides.get(arm.name) ?? path.resolve(projectRoot(), arm.model),
        );
        return {
          arm,
          network: loadNetwork(model.metadata, model.weights),
          protocol: model.metadata.protocol,
          inputScale: model.metadata.normalisation.inputScale?.kind,
        };
      }),
  );
}
