/**
 * The order in which the capillary sweep visits cells. The implicit upwind step is exact in any order that
 * puts every cell after the cells it receives flow from (a topological order of the flow graph), and every
 * such order gives each cell bit-identical values. Falling pressure is one; this one keeps memory access
 * local: among the cells whose upstream cells are all placed, take the lowest grid index next (Kahn's
 * topological sort, CACM 1962;5:558, with a min-heap). Cells then come nearly in grid order, so a cell's
 * upstream neighbours were placed shortly before it and are still in cache when the sweep reads them.
 */
import { PerfusionInputError } from '../errors';

/**
 * Cells 0..count-1 (numbered in grid order) with upstream lists from[ptr[c] .. ptr[c + 1]): returns the cells
 * in sweep order. Throws if the flow runs in a cycle (no sweep order exists).
 */
export function upstreamFirstOrder(ptr: Int32Array, from: Int32Array): Int32Array {
  const count = ptr.length - 1;
  const downPtr = new Int32Array(count + 1);
  for (const c of from) downPtr[c + 1]++;
  for (let c = 0; c < count; c++) downPtr[c + 1] += downPtr[c];
  const down = new Int32Array(from.length);
  const filled = downPtr.slice(0, count);
  for (let c = 0; c < count; c++) for (let k = ptr[c]; k < ptr[c + 1]; k++) down[filled[from[k]]++] = c;
  const waiting = Int32Array.from({ length: count }, (_, c) => ptr[c + 1] - ptr[c]);
  const ready = new MinHeap(count);
  for (let c = 0; c < count; c++) if (waiting[c] === 0) ready.push(c);
  const order = new Int32Array(count);
  let placed = 0;
  while (ready.size > 0) {
    const c = ready.pop();
    order[placed++] = c;
    for (let k = downPtr[c]; k < downPtr[c + 1]; k++) if (--waiting[down[k]] === 0) ready.push(down[k]);
  }
  if (placed < count)
    throw new PerfusionInputError(
      'INVALID_BED',
      'capillary bed: the Darcy flow runs in a cycle, against its own pressure gradient; the field is inconsistent',
    );
  return order;
}

/** Binary min-heap of distinct integers below a fixed capacity. */
class MinHeap {
  private readonly items: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
  }

  push(value: number): void {
    const a = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= value) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = value;
  }

  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a[--this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && a[child + 1] < a[child]) child++;
      if (a[child] >= last) break;
      a[i] = a[child];
      i = child;
    }
    a[i] = last;
    return top;
  }
}
