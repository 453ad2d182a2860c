/**
 * #/lineage/<sha256 | metric:id>: the lineage graph of a number or an object as layered SVG. The root sits
 * on the right; each column to the left is one step further back (the run that produced a thing, then what
 * that run used). Objects link to their own lineage; runs name their experiment.
 */
import { getJson, type LineageView } from './api';
import { h, table } from './dom';

interface GraphNode {
  id: string;
  cls: 'run' | 'dataset' | 'artifact' | 'metric';
  label: string;
  sub: string;
  href?: string;
}

const SVG = 'http://www.w3.org/2000/svg';
const W = 190;
const H = 42;
const GAP_X = 70;
const GAP_Y = 14;

function svg(tag: string, attrs: Record<string, string | number>, ...children: Node[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/** Nodes, "from -> to" edges in the direction data flowed, and each node's depth back from the root. */
function layout(g: LineageView, target: string) {
  const nodes = new Map<string, GraphNode>();
  const when = (iso: string) => iso.replace('T', ' ').slice(0, 19);
  for (const r of g.runs)
    nodes.set(r.id, {
      id: r.id,
      cls: 'run',
      label: r.kind,
      sub: `${r.status} #${r.attempt} ${when(r.startedAt)}`,
    });
  for (const [cls, list] of [
    ['dataset', g.datasets],
    ['artifact', g.artifacts],
  ] as const)
    for (const o of list)
      nodes.set(o.id, {
        id: o.id,
        cls,
        label: `${cls} ${o.kind}`,
        sub: o.sha256.slice(0, 16),
        href: `#/lineage/${o.sha256}`,
      });
  const edges: Array<[string, string]> = g.edges.map((e) => {
    const object = (e.datasetId ?? e.artifactId) as string;
    return e.direction === 'PRODUCED' ? [e.runId, object] : [object, e.runId];
  });
  let root: string;
  if (g.metric) {
    root = `metric:${g.metric.id}`;
    nodes.set(root, {
      id: root,
      cls: 'metric',
      label: g.metric.name,
      sub: `= ${Number(g.metric.value.toPrecision(5))}`,
    });
    edges.push([g.metric.runId, root]);
  } else {
    root = [...g.datasets, ...g.artifacts].find((o) => o.sha256 === target)?.id ?? '';
  }
  // Longest distance back from the root (the graph is acyclic: every object is made before it is used).
  const depth = new Map<string, number>([[root, 0]]);
  for (let changed = true, guard = 0; changed && guard < nodes.size + 2; guard++) {
    changed = false;
    for (const [from, to] of edges) {
      const d = depth.get(to);
      if (d !== undefined && (depth.get(from) ?? -1) < d + 1) {
        depth.set(from, d + 1);
        changed = true;
      }
    }
  }
  return { nodes, edges, depth };
}

export async function lineagePage(page: HTMLElement, target: string): Promise<void> {
  const g = await getJson<LineageView>(`/api/lineage/${encodeURIComponent(target)}`);
  const { nodes, edges, depth } = layout(g, target);
  const maxDepth = Math.max(0, ...depth.values());
  const columns = new Map<number, string[]>();
  for (const [id, d] of depth) columns.set(d, [...(columns.get(d) ?? []), id]);
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, ids] of columns)
    for (const [i, id] of ids.entries())
      pos.set(id, { x: 10 + (maxDepth - d) * (W + GAP_X), y: 10 + i * (H + GAP_Y) });
  const width = 20 + (maxDepth + 1) * (W + GAP_X) - GAP_X;
  const height = 20 + Math.max(...[...columns.values()].map((c) => c.length)) * (H + GAP_Y);
  const drawn = svg(
    'svg',
    { class: 'lineage', id: 'lineage', width, height, viewBox: `0 0 ${width} ${height}` },
    svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 10,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto',
        },
        svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#9aa3b5' }),
      ),
    ),
    ...edges
      .filter(([a, b]) => pos.has(a) && pos.has(b))
      .map(([a, b]) => {
        const p = pos.get(a) as { x: number; y: number };
        const q = pos.get(b) as { x: number; y: number };
        const [x1, y1, x2, y2] = [p.x + W, p.y + H / 2, q.x, q.y + H / 2];
        return svg('path', {
          class: 'lineage-edge',
          d: `M${x1},${y1} C${x1 + 35},${y1} ${x2 - 35},${y2} ${x2},${y2}`,
        });
      }),
    ...[...pos].map(([id, p]) => {
      const n = nodes.get(id) as GraphNode;
      const box = svg(
        'g',
        { class: `lineage-node ${n.cls}`, transform: `translate(${p.x},${p.y})`, 'data-id': id },
        svg('rect', { width: W, height: H }),
        svg('text', { x: 8, y: 17 }, document.createTextNode(n.label.slice(0, 30))),
        svg('text', { x: 8, y: 33, class: 'muted' }, document.createTextNode(n.sub)),
      );
      if (!n.href) return box;
      const link = svg('a', { href: n.href });
      link.append(box);
      return link;
    }),
  );
  page.replaceChildren(
    h('h1', {}, `Lineage of ${target.startsWith('metric:') ? target : `${target.slice(0, 16)}...`}`),
    h(
      'p',
      { class: 'muted' },
      `${g.runs.length} runs, ${g.datasets.length} datasets, ${g.artifacts.length} artifacts; data flows left to right.`,
    ),
    h('div', { style: 'overflow:auto' }, drawn as unknown as HTMLElement),
    h('h2', {}, 'Experiments'),
    table(
      ['experiment', 'config hash', 'code'],
      g.experiments.map((e) => [
        h('a', { href: `#/experiments/${e.id}` }, e.name),
        e.configHash.slice(0, 16),
        e.codeVersion,
      ]),
    ),
  );
}
