/**
 * Run-time choice of the tfjs backend: `tensorflow` (TensorFlow's C library through tfjs-node-gpu, then
 * tfjs-node) when importable, else `wasm` (XNNPACK, SIMD), else the pure-JS `cpu` backend (~200x slower than
 * wasm for training; fine for tests on tiny inputs). The caller reads any override (QTM_TF_BACKEND) at its
 * edge and passes it in; the chosen backend and its versions are returned so every result can record them.
 */

import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import { PerfusionInputError } from '../errors';
import { prepareTensorflowEnvironment, type TensorflowLibrarySettings } from './tensorflow-library';
import { registerWasmTrainingKernels } from './wasm-training-kernels';

export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface SelectedBackend {
  name: BackendName;
  /** What provides it: the tfjs-node package, `wasm-simd` / `wasm`, or `cpu`. */
  provider: string;
  /** Version of tfjs (its core) running the network. */
  tfjsVersion: string;
  /** The `tensorflow` backend's library: its version (e.g. 2.18.1), device and reproducibility settings. */
  tensorflow?: TensorflowLibrarySettings & { version: string; device: 'cpu' | 'gpu' };
}

/** A backend as stored with a result; models trained before versions were recorded lack them. */
export type RecordedBackend = Pick<SelectedBackend, 'provider' | 'tensorflow'> & {
  name: string;
  tfjsVersion?: string;
};

/** One line for logs and step results, e.g. `tensorflow (@tensorflow/tfjs-node, tfjs 4.22.0, TensorFlow 2.18.1 cpu, 2 threads)`. */
export function describeBackend(b: RecordedBackend): string {
  const library =
    b.tensorflow === undefined
      ? ''
      : `, TensorFlow ${b.tensorflow.version} ${b.tensorflow.device}, ${b.tensorflow.intraOpThreads} thread${b.tensorflow.intraOpThreads === 1 ? '' : 's'}`;
  const tfjs = b.tfjsVersion === undefined ? '' : `, tfjs ${b.tfjsVersion}`;
  return `${b.name} (${b.provider}${tfjs}${library})`;
}

/** The parts of tfjs-node's backend object read here (not in its public typings). */
interface NodeBackend {
  binding: { TF_Version: string };
  isUsingGpuDevice: boolean;
}

/** Loads an optional module by name; injectable so tests can simulate an installed tfjs-node. */
export type ModuleLoader = (name: string) => unknown;

const TENSORFLOW_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

function tryTensorflow(load: ModuleLoader): string | undefined {
  for (const pkg of TENSORFLOW_PACKAGES) {
    try {
      prepareTensorflowEnvironment();
      load(pkg);
      if (tf.findBackend('tensorflow') !== null) return pkg;
    } catch {
      // Not installed (npm drops the optional dependency when libtensorflow cannot be downloaded).
    }
  }
  return undefined;
}

async function tryWasm(): Promise<string | undefined> {
  // In Node the .wasm binaries are read from the package folder, not fetched from a CDN.
  wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
  registerWasmTrainingKernels();
  try {
    if (!(await tf.setBackend('wasm'))) return undefined;
  } catch {
    return undefined;
  }
  return (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'wasm-simd' : 'wasm';
}

/**
 * Activates a backend. `forced` (e.g. from QTM_TF_BACKEND) must be available or this throws
 * BACKEND_UNAVAILABLE; without it the fastest available one wins.
 */
export async function selectBackend(
  forced?: BackendName,
  load: ModuleLoader = (name) => require(name),
): Promise<SelectedBackend> {
  // Production mode: no per-op NaN checks and no "install tfjs-node" console warning from library code.
  tf.enableProdMode();
  if (forced !== undefined && !BACKEND_NAMES.includes(forced)) {
    throw new PerfusionInputError(
      'INVALID_BACKEND',
      `unknown tfjs backend "${forced}"; use one of ${BACKEND_NAMES.join(', ')}`,
    );
  }
  if (forced === undefined || forced === 'tensorflow') {
    const pkg = tryTensorflow(load);
    if (pkg !== undefined && (await tf.setBackend('tensorflow'))) {
      const node = tf.backend() as unknown as NodeBackend;
      return {
        name: 'tensorflow',
        provider: pkg,
        tfjsVersion: tf.version_core,
        tensorflow: {
          ...prepareTensorflowEnvironment(),
          version: node.binding.TF_Version,
          device: node.isUsingGpuDevice ? 'gpu' : 'cpu',
        },
      };
    }
    if (forced === 'tensorflow') {
      throw new PerfusionInputError(
        'BACKEND_UNAVAILABLE',
        'tfjs backend "tensorflow" requested but neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed; install one or choose wasm/cpu',
      );
    }
  }
  if (forced === undefined || forced === 'wasm') {
    const provider = await tryWasm();
    if (provider !== undefined) return { name: 'wasm', provider, tfjsVersion: tf.version_core };
    if (forced === 'wasm') {
      throw new PerfusionInputError(
        'BACKEND_UNAVAILABLE',
        'tfjs backend "wasm" could not be initialised; choose cpu',
      );
    }
  }
  await tf.setBackend('cpu');
  return { name: 'cpu', provider: 'cpu', tfjsVersion: tf.version_core };
}

/** Parses a backend name from configuration (QTM_TF_BACKEND or a YAML key); undefined/empty means automatic. */
export function parseBackendName(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '') return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new PerfusionInputError(
    'INVALID_BACKEND',
    `unknown tfjs backend "${value}" (QTM_TF_BACKEND or config); use one of ${BACKEND_NAMES.join(', ')}`,
  );
}
