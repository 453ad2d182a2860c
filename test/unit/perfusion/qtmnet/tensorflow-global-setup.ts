/**
 * Jest global setup for projects that may load TensorFlow's library (unit-tensorflow, integration). The
 * library reads its settings from the real process environment once, but a test file sees only a copy of
 * it: writing them there would not reach the library. Written here, in jest's parent process, they are
 * inherited by the test workers and their child processes, as in a production process that sets them
 * before loading tfjs-node.
 */
import { prepareTensorflowEnvironment } from '../../../../perfusion/qtmnet/tensorflow-library';

export default function globalSetup(): void {
  prepareTensorflowEnvironment(process.env);
}
