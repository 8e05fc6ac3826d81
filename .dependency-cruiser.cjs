/**
 * The layers of DESIGN.md, as rules: imports point down only.
 *
 *   cli/, api/                      (cli may start the api; the api never imports the cli)
 *   queue/ (with its workers/)
 *   pipeline/, review/              (review/: the review rules and the live glossary, shared by api and cli;
 *                                    it needs the store and the glossary, so it sits beside the pipeline)
 *   stages/, engines/, input/, store/
 *   glossary/, matching/, script/, segmentation/, image/, files/
 *   domain/, errors.ts, util/
 *
 * config.ts (the environment, read once) may be read from pipeline/ up, and by engines/ for their
 * defaults; stages get their settings passed in. Checked by `npm run lint` (part of `npm test`).
 */
const LEVELS = [
  ['cli', 'api'],
  ['queue'],
  // review/ holds the review rules (decisions, ETags, corrections) and the glossary service that
  // the API and the CLI share; it uses the store and the glossary, like the pipeline.
  ['pipeline', 'review'],
  ['stages', 'engines', 'input', 'store'],
  ['glossary', 'matching', 'script', 'segmentation', 'image', 'files'],
  ['domain', 'util'],
];
const dir = (names) => `^src/(${names.join('|')})/`;
const above = (level) => LEVELS.slice(0, level).flat();

const rules = LEVELS.slice(1).map((names, i) => ({
  name: `down-only-${names.join('-')}`,
  comment: `${names.join(', ')} must not import a layer above it (${above(i + 1).join(', ')})`,
  severity: 'error',
  from: { path: dir(names) },
  to: { path: dir(above(i + 1)) },
}));

module.exports = {
  forbidden: [
    ...rules,
    {
      name: 'domain-imports-only-domain',
      comment: 'domain/ is the contracts: it imports nothing of the project but itself',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'api-not-cli',
      comment: 'the service does not import the command line (cli/ may start the api)',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'input-not-stages',
      comment: 'input/ (batch enumeration) sits beside the stages; what both need lives in image/ or files/',
      severity: 'error',
      from: { path: '^src/input/' },
      to: { path: '^src/stages/' },
    },
    {
      name: 'src-not-top-level-workers',
      comment: 'workers/ holds entry scripts that start src/queue/workers/; nothing in src/ imports them',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^workers/' },
    },
    {
      name: 'config-not-below-engines',
      comment: 'settings are passed in: only pipeline/ and above (and engines/ for their defaults) read config.ts',
      severity: 'error',
      from: { path: dir(['stages', 'input', 'store', ...LEVELS.slice(4).flat()]) },
      // A type-only import of Config is a shape, not a read of the environment.
      to: { path: '^src/config\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-not-tests-or-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tests|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Declaration files have no imports to check (and swc parses them as code).
    exclude: { path: ['^src/web/', '\\.d\\.ts$'] },
    // The project's TypeScript is 7 (the native compiler), which dependency-cruiser cannot load:
    // swc parses the sources instead.
    parser: 'swc',
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
