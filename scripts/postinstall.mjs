// npm's postinstall for termlens: applies patches/ (patch-package) and compiles nodejieba again
// with its patch, but only when the binary on disk was not built from this patch for this
// Node.js ABI. npm 10 (Node 22's) runs this script again on every `npx termlens …`; a rebuild
// each time would take a minute, and one without the Node headers (when node-gyp cannot reach
// nodejs.org) would leave nodejieba without its binary.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const patch = path.join(root, 'patches', 'nodejieba+3.5.8.patch');
const jieba = path.join(root, 'node_modules', 'nodejieba');
const binary = path.join(jieba, 'build', 'Release', 'nodejieba.node');
const stamp = path.join(jieba, 'build', 'termlens-build.json');

const run = (command, args, env = process.env) => execFileSync(command, args, { cwd: root, stdio: 'inherit', env });

run(process.execPath, [path.join(root, 'node_modules', 'patch-package', 'index.js')]);

const wanted = {
  patch: createHash('sha256').update(readFileSync(patch)).digest('hex'),
  abi: process.versions.modules,
  arch: process.arch,
};
const built = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')) : undefined;
const upToDate = existsSync(binary) && built && Object.entries(wanted).every(([key, value]) => built[key] === value);

if (!upToDate) {
  // The headers that came with this Node.js (official tarball, NodeSource, scripts/with-node.sh),
  // so that node-gyp needs nothing from nodejs.org.
  const env = { ...process.env };
  const prefix = path.dirname(path.dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))) env.npm_config_nodedir = prefix;
  console.log('termlens: compiling nodejieba with patches/nodejieba+3.5.8.patch');
  // node-pre-gyp, nodejieba's own build driver, called directly: through `npm rebuild
  // --build-from-source` npm warns "Unknown cli config" on every install.
  execFileSync(process.execPath, [path.join(root, 'node_modules', '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp'), 'rebuild', '--build-from-source'], {
    cwd: jieba,
    stdio: 'inherit',
    env,
  });
  if (!existsSync(binary)) throw new Error(`nodejieba was rebuilt but ${binary} is missing`);
  writeFileSync(stamp, `${JSON.stringify(wanted)}\n`);
}
