/**
 * The import direction of docs/architecture.md, checked by `npm test` (depcruise). Each top-level folder may
 * import only the folders listed for it; everything else is a violation. perfusion/ imports nothing of the
 * project; workflows/ import activities and contracts for their types only (the workflow sandbox must not
 * load activity code); nothing imports the CLI, the benchmarks or the tests.
 */
const LAYERS = {
  perfusion: [],
  contracts: ['perfusion'],
  runtime: ['perfusion'],
  storage: ['runtime', 'contracts', 'perfusion', 'prisma'],
  formats: ['contracts', 'perfusion'],
  reports: ['formats', 'contracts', 'perfusion'],
  compute: ['reports', 'formats', 'contracts', 'perfusion'],
  jobs: ['compute', 'reports', 'formats', 'runtime', 'contracts', 'perfusion'],
  activities: ['jobs', 'compute', 'reports', 'formats', 'storage', 'runtime', 'contracts', 'perfusion'],
  workflows: [],
  workers: ['workflows', 'activities', 'compute', 'storage', 'runtime', 'contracts', 'perfusion'],
  'local-stack': ['storage', 'runtime', 'perfusion'],
  viewer: ['reports', 'storage', 'runtime', 'contracts', 'perfusion'],
  cli: [
    'viewer',
    'workers',
    'workflows',
    'activities',
    'jobs',
    'compute',
    'reports',
    'formats',
    'local-stack',
    'storage',
    'runtime',
    'contracts',
    'perfusion',
  ],
  bench: ['workers', 'jobs', 'compute', 'reports', 'formats', 'runtime', 'contracts', 'perfusion'],
};
const FOLDERS = [...Object.keys(LAYERS), 'prisma', 'test', 'infra'];
const alternation = (names) => `^(${names.join('|')})/`;

const layerRules = Object.entries(LAYERS).map(([from, allowed]) => ({
  name: `${from}-imports`,
  comment: `${from}/ may import ${allowed.length ? allowed.join(', ') : 'nothing of the project'} (docs/architecture.md)`,
  severity: 'error',
  from: { path: `^${from}/` },
  to: {
    path: alternation(FOLDERS.filter((f) => f !== from && !allowed.includes(f))),
    // workflows/ may use types of activities and contracts: they vanish at compile time
    ...(from === 'workflows' ? { pathNot: '^(activities|contracts)/' } : {}),
  },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'workflows-types-only',
      comment: 'workflow code runs in the Temporal sandbox: activities and contracts enter it as types only',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^(activities|contracts)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'import cycles make the layers meaningless',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|prisma/generated|\\.data|\\.tools)' },
  },
};
