import {
  DEFAULT_SIMULATION_CONFIG,
  type SimulationConfig,
} from '../../../../perfusion/simulate/simulation-config';

/** A tiny but complete subject: 20x20x8 imaging voxels (20x20x16 cells), 150 terminals per tree, 24 frames. */
export function tinyConfig(): SimulationConfig {
  const c = structuredClone(DEFAULT_SIMULATION_CONFIG);
  c.imaging.matrix = [20, 20, 8];
  c.vessels.terminals = 150;
  c.protocol.frameCount = 24;
  c.lgg.radiusMm = [3, 4];
  c.hgg.radiusMm = [5, 6];
  c.hgg.necrosisFraction = [0.45, 0.6];
  c.hgg.oedemaMarginMm = [1, 2];
  c.transport.timeStepS = 0.25;
  return c;
}
