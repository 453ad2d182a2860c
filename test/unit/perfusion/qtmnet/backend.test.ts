import { describeBackend, parseBackendName, selectBackend } from '../../../../perfusion/qtmnet/backend';

// Training on a shared, loaded machine can be several times slower than on an idle one.
jest.setTimeout(60000);

const noTensorflow = (name: string): never => {
  throw new Error(`Cannot find module '${name}'`);
};

describe('selectBackend', () => {
  it('falls back to wasm when no tfjs-node package is importable', async () => {
    const tried: string[] = [];
    const chosen = await selectBackend(undefined, (name) => {
      tried.push(name);
      return noTensorflow(name);
    });
    expect(tried).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(chosen.name).toBe('wasm');
    expect(chosen.provider).toMatch(/^wasm/);
  });

  it('honours a forced cpu backend', async () => {
    expect(await selectBackend('cpu', noTensorflow)).toEqual({
      name: 'cpu',
      provider: 'cpu',
      tfjsVersion: '4.22.0',
    });
  });

  // infra/bootstrap.sh installs tfjs-node against TensorFlow's C library from its PyPI wheel.
  it('prefers the installed tensorflow backend and records its library version and settings', async () => {
    const chosen = await selectBackend();
    expect(chosen).toEqual({
      name: 'tensorflow',
      provider: '@tensorflow/tfjs-node',
      tfjsVersion: '4.22.0',
      tensorflow: {
        version: '2.18.1',
        device: 'cpu',
        intraOpThreads: Number(process.env.TF_NUM_INTRAOP_THREADS),
        deterministicOps: true,
        onednn: true,
      },
    });
    expect(chosen.tensorflow?.intraOpThreads).toBeGreaterThanOrEqual(1);
    expect(describeBackend(chosen)).toMatch(
      /^tensorflow \(@tensorflow\/tfjs-node, tfjs 4\.22\.0, TensorFlow 2\.18\.1 cpu, \d+ threads?\)$/,
    );
  });

  it('refuses a forced tensorflow backend that is not installed', async () => {
    await expect(selectBackend('tensorflow', noTensorflow)).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
    });
  });

  it('parses QTM_TF_BACKEND values', () => {
    expect(parseBackendName(undefined)).toBeUndefined();
    expect(parseBackendName('')).toBeUndefined();
    expect(parseBackendName('wasm')).toBe('wasm');
    expect(() => parseBackendName('gpu')).toThrow(expect.objectContaining({ code: 'INVALID_BACKEND' }));
  });
});
