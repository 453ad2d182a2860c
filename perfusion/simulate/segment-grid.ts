/**
 * A uniform spatial hash of segment midpoints, so CCO finds the few segments nearest a new terminal in O(1)
 * instead of scanning the whole tree (what makes growing thousands of terminals fast). Units: mm.
 */
export class SegmentGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly key = new Map<number, number>();

  /** `cellMm`: hash cell edge, mm; `extentMm`: domain size used to bound the search rings. */
  constructor(
    private readonly cellMm: number,
    private readonly extentMm: [number, number, number],
  ) {}

  private keyOf(x: number, y: number, z: number): number {
    const i = Math.floor(x / this.cellMm) + 1024;
    const j = Math.floor(y / this.cellMm) + 1024;
    const k = Math.floor(z / this.cellMm) + 1024;
    return (i * 4096 + j) * 4096 + k;
  }

  insert(segment: number, px: number, py: number, pz: number, dx: number, dy: number, dz: number): void {
    const k = this.keyOf((px + dx) / 2, (py + dy) / 2, (pz + dz) / 2);
    const list = this.cells.get(k);
    if (list) list.push(segment);
    else this.cells.set(k, [segment]);
    this.key.set(segment, k);
  }

  remove(segment: number): void {
    const k = this.key.get(segment);
    if (k === undefined) return;
    const list = this.cells.get(k) as number[];
    list.splice(list.indexOf(segment), 1);
    this.key.delete(segment);
  }

  /** Segments whose midpoints lie in rings of cells around (x, y, z), growing until `atLeast` are found. */
  near(x: number, y: number, z: number, atLeast: number): number[] {
    const found: number[] = [];
    const ci = Math.floor(x / this.cellMm);
    const cj = Math.floor(y / this.cellMm);
    const ck = Math.floor(z / this.cellMm);
    const maxRing = Math.ceil(Math.max(...this.extentMm) / this.cellMm) + 1;
    for (let ring = 0; ring <= maxRing && found.length < atLeast; ring++) {
      for (let i = ci - ring; i <= ci + ring; i++) {
        for (let j = cj - ring; j <= cj + ring; j++) {
          for (let k = ck - ring; k <= ck + ring; k++) {
            if (Math.max(Math.abs(i - ci), Math.abs(j - cj), Math.abs(k - ck)) !== ring) continue;
            const list = this.cells.get(((i + 1024) * 4096 + (j + 1024)) * 4096 + (k + 1024));
            if (list) for (const s of list) found.push(s);
          }
        }
      }
    }
    return found;
  }
}

/** Distance in mm from point p to the segment a-b. */
export function pointSegmentDistance(
  p: ArrayLike<number>,
  a: ArrayLike<number>,
  ao: number,
  b: ArrayLike<number>,
  bo: number,
): number {
  const abx = b[bo] - a[ao];
  const aby = b[bo + 1] - a[ao + 1];
  const abz = b[bo + 2] - a[ao + 2];
  const apx = p[0] - a[ao];
  const apy = p[1] - a[ao + 1];
  const apz = p[2] - a[ao + 2];
  const len2 = abx * abx + aby * aby + abz * abz;
  const t = len2 > 0 ? Math.min(1, Math.max(0, (apx * abx + apy * aby + apz * abz) / len2)) : 0;
  const dx = apx - t * abx;
  const dy = apy - t * aby;
  const dz = apz - t * abz;
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}
