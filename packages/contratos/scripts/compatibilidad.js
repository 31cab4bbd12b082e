#!/usr/bin/env node
// `buf breaking` of proto/ against the last released contract: the newest buf image
// packages/contratos/publicados/contratos-v<N>.binpb, committed so the check travels with the
// code (git tags may not). Cutting a release adds the next image (CONTRIBUTING.md says how).
// An optional argument names another module to check (the test plants changes in a copy).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const raiz = path.resolve(__dirname, '../../..');
const publicados = path.resolve(__dirname, '../publicados');
const version = (f) => Number(/^contratos-v(\d+)\.binpb$/.exec(f)?.[1] ?? NaN);
const imagenes = fs
  .readdirSync(publicados)
  .filter((f) => !Number.isNaN(version(f)))
  .sort((a, b) => version(b) - version(a));
if (imagenes.length === 0) {
  console.error(`buf breaking: no contratos-v<N>.binpb in ${publicados}; nothing to compare with`);
  process.exit(1);
}
const modulo = path.resolve(process.argv[2] ?? path.join(raiz, 'proto'));
const base = path.join(publicados, imagenes[0]);
console.log(`buf breaking against ${path.relative(raiz, base)}…`);
try {
  execFileSync(path.join(raiz, 'node_modules/.bin/buf'), ['breaking', modulo, '--against', base], {
    stdio: 'inherit',
  });
} catch {
  process.exit(1); // buf has printed each finding
}
console.log('no breaking change');
