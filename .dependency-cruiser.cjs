/**
 * Dependency rules that encode the seams between server features (issue 13).
 * A feature is a folder directly under apps/api/src/app. Graph: see docs/architecture.md.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const APP = '^apps/api/src/app';
const FEATURE = `${APP}/[^/]+`;

module.exports = {
  forbidden: [
    {
      name: 'no-feature-cycles',
      comment: 'Features depend on each other in one direction only (checked on the folder graph).',
      severity: 'error',
      scope: 'folder',
      from: { path: `${FEATURE}$` },
      to: { path: `${FEATURE}$`, circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'No import cycles between files either (type-only imports included).',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
    {
      name: 'common-imports-no-feature',
      comment: 'common/ is shared plumbing: it may use config/ but no feature.',
      severity: 'error',
      from: { path: `${APP}/common/` },
      to: { path: `${APP}/`, pathNot: [`${APP}/(common|config)/`] },
    },
    {
      name: 'telegram-only-from-bot',
      comment: 'Features reach the admin surface through admin/; only the composition root loads the bot.',
      severity: 'error',
      from: { path: `${APP}/`, pathNot: [`${APP}/telegram/`, `${APP}/(app\\.module|bootstrap)\\.ts$`] },
      to: { path: `${APP}/telegram/` },
    },
    {
      name: 'protocol-is-platform-neutral',
      comment: 'libs/protocol runs in the browser too: no Node built-ins, no packages.',
      severity: 'error',
      from: { path: '^libs/protocol/src/', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypesNot: ['local'] },
    },
    {
      name: 'web-not-server',
      comment: 'The PWA shares code with the server only through libs/protocol.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Specs and test support are not part of the production graph (a spec may import any fixture).
    exclude: { path: ['(^|/)(dist|node_modules)/', '\\.spec\\.ts$', '^apps/api/test/', '/testing/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
