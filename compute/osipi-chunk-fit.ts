/**
 * The worker's share of `qtm fit --format osipi`: parse a chunk of rows from its bytes, fit each curve as it
 * is parsed (one CurveFitter per thread, reused), and format the chunk's output lines, so that a thread's
 * whole pipeline runs without the main thread and only text comes back.
 */
import { kineticFitsFormatter } from '../formats/kinetic-curves-csv';
import { chunkRows, type OsipiChunk } from '../formats/osipi-curve-chunks';
import { OsipiRowReader } from '../formats/osipi-curve-rows';
import { CurveFitter } from '../perfusion/fit/curve-fitter';
import { kineticModel } from '../perfusion/models/model-registry';

export interface OsipiChunkFitInput {
  /** Model name: 2cxm, etm, tofts, patlak or 2cum. */
  model: string;
  fitDelay: boolean;
  chunk: OsipiChunk;
}

export interface OsipiChunkFitOutput {
  /** The output CSV lines of the chunk's rows, in order, each with its newline (no header). */
  text: string;
  curves: number;
}

let fitter: CurveFitter | null = null;

/** Parses, fits and formats one chunk; progress is reported once, at the end (curves done). */
export function fitOsipiChunk(
  input: OsipiChunkFitInput,
  onProgress?: (curvesDone: number) => void,
): OsipiChunkFitOutput {
  const model = kineticModel(input.model);
  if (fitter?.model !== model) fitter = new CurveFitter(model);
  const reader = new OsipiRowReader(input.chunk.columns, input.chunk.source);
  const format = kineticFitsFormatter(model.name, model.parameters, input.fitDelay);
  const rows = chunkRows(input.chunk);
  let text = '';
  for (let r = 0; r < rows; r++) {
    const c = reader.read(input.chunk, r);
    const fit = fitter.fit(c.t, c.ct, c.ta, c.ca, { fitDelay: input.fitDelay, where: `curve "${c.label}"` });
    text += format.row({ label: c.label, ...fit });
  }
  onProgress?.(rows);
  return { text, curves: rows };
}
