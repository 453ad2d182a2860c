import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultThreadCount } from '../../../compute/pool-thread';
import { curvesFileThreads, SINGLE_THREAD_INPUT_BYTES } from '../../../jobs/curves-file-threads';

/** The thread count `qtm fit --input` uses when --threads is not given. */
describe('threads for a curves file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qtm-fit-threads-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fits a file below the size limit on the calling thread alone', () => {
    const file = join(dir, 'small.csv');
    writeFileSync(file, 'label,t,C_t,cp_aif\n');
    expect(curvesFileThreads(file)).toBe(1);
    truncateSync(file, SINGLE_THREAD_INPUT_BYTES - 1);
    expect(curvesFileThreads(file)).toBe(1);
  });

  it('uses every core from the size limit on', () => {
    const file = join(dir, 'large.csv');
    writeFileSync(file, '');
    truncateSync(file, SINGLE_THREAD_INPUT_BYTES); // sparse: no 64 MiB written
    expect(curvesFileThreads(file)).toBe(defaultThreadCount());
  });

  it('leaves a path that is no file to the reader (all cores; the reader says what is wrong)', () => {
    expect(curvesFileThreads(join(dir, 'missing.csv'))).toBe(defaultThreadCount());
    expect(curvesFileThreads(dir)).toBe(defaultThreadCount());
  });
});
