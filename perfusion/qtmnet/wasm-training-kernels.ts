/**
 * Training kernels that @tensorflow/tfjs-backend-wasm 4.22.0 lacks, composed from the wasm backend's own
 * kernels so they run at wasm speed. Without Conv2DBackpropFilter no convolution (Conv1D is a Conv2D inside
 * tfjs) can be trained on wasm.
 *
 * dW[kh, kw, ci, co] = sum_{b, oh, ow} x[b, oh*s + kh*1 - padTop, ow*s + kw - padLeft, ci] * dy[b, oh, ow, co]
 * is itself a convolution: take the input channels as the batch (x^T: [ci, H, W, b]), dy as the filter
 * (dy^T: [oh, ow, b, co]) and the forward stride as the dilation; the result [ci, kh', kw', co] is cropped to
 * the filter size and transposed to [kh, kw, ci, co] (the standard identity, e.g. Dumoulin & Visin 2016,
 * "A guide to convolution arithmetic", section 4).
 *
 * The wasm Conv3DBackpropInputV2 of 4.22.0 returns wrong input gradients (checked against the cpu backend;
 * see the tests), so it is replaced: for stride 1, dx = conv3d(dy padded to "full", filter reversed in space
 * with in/out channels swapped) (same reference, section 4.1).
 */
import * as tf from '@tensorflow/tfjs';

type KernelInputs = Record<string, tf.TensorInfo>;
type Run = (name: string, inputs: KernelInputs, attrs: Record<string, unknown>) => tf.TensorInfo;

function kernelRunner(backend: tf.KernelBackend, temporaries: tf.TensorInfo[]): Run {
  return (name, inputs, attrs) => {
    const kernel = tf.getKernel(name, 'wasm');
    if (kernel === undefined) throw new Error(`wasm kernel ${name} is not registered`);
    const out = kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
    temporaries.push(out);
    return out;
  };
}

function conv2dBackpropFilterWasm(args: {
  inputs: KernelInputs;
  backend: tf.KernelBackend;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { x, dy } = args.inputs;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, got ${attrs.dataFormat}`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const temporaries: tf.TensorInfo[] = [];
  const run = kernelRunner(args.backend, temporaries);
  const { top, bottom, left, right } = info.padInfo;
  const padded =
    top + bottom + left + right === 0
      ? x
      : run(
          'PadV2',
          { x },
          {
            paddings: [
              [0, 0],
              [top, bottom],
              [left, right],
              [0, 0],
            ],
            constantValue: 0,
          },
        );
  const xT = run('Transpose', { x: padded }, { perm: [3, 1, 2, 0] });
  const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const conv = run(
    'Conv2D',
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      pad: 'valid',
      dataFormat: 'NHWC',
      dilations: [info.strideHeight, info.strideWidth],
    },
  );
  const [, fh, fw] = conv.shape;
  const cropped =
    fh === info.filterHeight && fw === info.filterWidth
      ? conv
      : run(
          'Slice',
          { x: conv },
          { begin: [0, 0, 0, 0], size: [-1, info.filterHeight, info.filterWidth, -1] },
        );
  const result = run('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] });
  for (const t of temporaries) if (t !== result) args.backend.disposeData(t.dataId);
  return result;
}

function conv3dBackpropInputWasm(args: {
  inputs: KernelInputs;
  backend: tf.KernelBackend;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { dy, filter } = args.inputs;
  const attrs = args.attrs as unknown as tf.Conv3DBackpropInputV2Attrs;
  const info = tf.backend_util.computeConv3DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
  );
  if (info.strideDepth !== 1 || info.strideHeight !== 1 || info.strideWidth !== 1) {
    throw new Error(
      'Conv3DBackpropInputV2 on wasm is implemented for stride 1 only (QTMnet pools instead of striding)',
    );
  }
  const axes: Array<[number, number, number, number]> = [
    [info.filterDepth, info.padInfo.front, info.inDepth, info.outDepth],
    [info.filterHeight, info.padInfo.top, info.inHeight, info.outHeight],
    [info.filterWidth, info.padInfo.left, info.inWidth, info.outWidth],
  ];
  const paddings = [
    [0, 0],
    ...axes.map(([k, front, inSize, outSize]) => [k - 1 - front, inSize + front - outSize]),
    [0, 0],
  ];
  const temporaries: tf.TensorInfo[] = [];
  const run = kernelRunner(args.backend, temporaries);
  const padded = run('PadV2', { x: dy }, { paddings, constantValue: 0 });
  const reversed = run('Reverse', { x: filter }, { dims: [0, 1, 2] });
  const swapped = run('Transpose', { x: reversed }, { perm: [0, 1, 2, 4, 3] });
  const result = run(
    'Conv3D',
    { x: padded, filter: swapped },
    { strides: [1, 1, 1], pad: 'valid', dataFormat: 'NDHWC', dilations: [1, 1, 1] },
  );
  for (const t of temporaries) if (t !== result) args.backend.disposeData(t.dataId);
  return result;
}

const REPLACEMENTS: Array<
  [
    string,
    (args: { inputs: KernelInputs; backend: tf.KernelBackend; attrs: tf.NamedAttrMap }) => tf.TensorInfo,
  ]
> = [
  ['Conv2DBackpropFilter', conv2dBackpropFilterWasm],
  ['Conv3DBackpropInputV2', conv3dBackpropInputWasm],
];

/** Registers the missing or replaced training kernels on the wasm backend; idempotent. */
export function registerWasmTrainingKernels(): void {
  for (const [kernelName, kernelFunc] of REPLACEMENTS) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if (existing?.kernelFunc === (kernelFunc as unknown)) continue;
    if (existing !== undefined) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: kernelFunc as unknown as tf.KernelFunc,
    });
  }
}
