#!/usr/bin/env node
// `buf breaking` against the last released state of proto/: the newest git tag `contratos/v*`.
// Before the first release there is nothing to compare with, and it says so.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const raiz = path.resolve(__dirname, '../../..');
const tags = execFileSync('git', ['tag', '--list', 'contratos/v*', '--sort=-v:refname'], {
  cwd: raiz,
  encoding: 'utf8',
})
  .split('\n')
  .filter(Boolean);
if (tags.length === 0) {
  console.log(
    'buf breaking: no released contract yet (no contratos/v* tag); tag a release to start checking',
  );
  process.exit(0);
}
console.log(`buf breaking against ${tags[0]}…`);
execFileSync(
  path.join(raiz, 'node_modules/.bin/buf'),
  ['breaking', 'proto', '--against', `.git#tag=${tags[0]},subdir=proto`],
  { cwd: raiz, stdio: 'inherit' },
);
console.log('no breaking change');
