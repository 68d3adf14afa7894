/**
 * The layers of docs/design.md ("Layers"), enforced by `npm run lint`: each layer imports only the
 * ones below it, the CLI and the language server are leaves, and there are no import circles.
 * test/dependency-rules.test.ts checks that a wrong import fails.
 */
const SERVER = '^server/src/';
const upper = (...layers) => `${SERVER}(${layers.join('|')})/`;
const NODE_IO =
  '^(fs|node:fs|fs/promises|node:fs/promises|child_process|node:child_process|worker_threads|node:worker_threads|net|node:net|http|node:http|https|node:https)$';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'import circles hide the order of the layers', from: {}, to: { circular: true } },
    {
      name: 'common-is-neutral',
      severity: 'error',
      comment: 'common/ is imported by every side and imports none of them',
      from: { path: '^common/' },
      to: { path: '^(server|client|webview)/' },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment: 'the engine computes; reading, writing and running belong to the layers above',
      from: { path: `${SERVER}engine/` },
      to: { path: upper('io', 'params', 'methods', 'services', 'adapters') },
    },
    { name: 'engine-does-no-io', severity: 'error', from: { path: `${SERVER}engine/` }, to: { dependencyTypes: ['core'], path: NODE_IO } },
    { name: 'io-below-services', severity: 'error', from: { path: `${SERVER}io/` }, to: { path: upper('params', 'methods', 'services', 'adapters') } },
    { name: 'params-below-methods', severity: 'error', from: { path: `${SERVER}params/` }, to: { path: upper('io', 'methods', 'services', 'adapters') } },
    {
      name: 'method-algorithms-are-pure',
      severity: 'error',
      comment: "a method's algorithm files compute; only its command (and params) touch files",
      from: { path: `${SERVER}methods/[^/]+/`, pathNot: `${SERVER}methods/(framework/|[^/]+/([^/]*command|params)\\.ts$)` },
      to: { path: upper('io', 'services', 'adapters') },
    },
    { name: 'methods-below-services', severity: 'error', from: { path: `${SERVER}methods/` }, to: { path: upper('services', 'adapters') } },
    { name: 'services-below-adapters', severity: 'error', from: { path: `${SERVER}services/` }, to: { path: upper('adapters') } },
    { name: 'cli-is-a-leaf', severity: 'error', from: { pathNot: `${SERVER}adapters/cli/` }, to: { path: `${SERVER}adapters/cli/` } },
    { name: 'lsp-is-a-leaf', severity: 'error', from: { pathNot: `${SERVER}adapters/lsp/` }, to: { path: `${SERVER}adapters/lsp/` } },
    {
      name: 'client-talks-protocol',
      severity: 'error',
      comment: 'the client reaches the server through common/protocol.ts only',
      from: { path: '^client/' },
      to: { path: '^(server|webview)/' },
    },
    { name: 'webview-is-a-page', severity: 'error', from: { path: '^webview/' }, to: { path: '^(server|client)/' } },
    { name: 'server-knows-no-editor', severity: 'error', from: { path: '^server/' }, to: { path: '^(client|webview)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|out|dist)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
