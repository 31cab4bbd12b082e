#!/usr/bin/env node
// Generates TypeScript (ts-proto through buf) and the descriptor set used by gRPC reflection.
// The output is committed; `--verificar` regenerates into a temp dir and fails on any drift,
// so CI catches a .proto change whose generated code was not committed.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const paquete = path.resolve(__dirname, '..');
const raiz = path.resolve(paquete, '../..');
const buf = path.join(raiz, 'node_modules/.bin/buf');
const verificar = process.argv.includes('--verificar');

function ejecutar(args, cwd) {
  execFileSync(buf, args, { cwd, stdio: 'inherit' });
}

function listar(dir, base = dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listar(p, base) : [path.relative(base, p)];
  });
}

function generarEn(destino) {
  ejecutar(['generate', '--template', 'buf.gen.yaml', '-o', destino], paquete);
  // Reflection serves our contracts, grpc.health.v1 and google.rpc.BadRequest (the detail of our
  // INVALID_ARGUMENT errors, so grpcurl can decode it): FileDescriptorSets concatenated are one set
  // with all the files lists (protobuf merges repeated fields).
  const partes = [
    [path.join(raiz, 'proto')],
    [path.join(raiz, 'node_modules/grpc-health-check/proto')],
    [path.join(raiz, 'node_modules/google-proto-files'), '--path', 'google/rpc/error_details.proto'],
  ].map(([modulo, ...filtro], i) => {
    const salida = path.join(destino, `parte-${i}.binpb`);
    ejecutar(['build', '-o', salida, ...filtro], modulo);
    const bytes = fs.readFileSync(salida);
    fs.rmSync(salida);
    return bytes;
  });
  fs.writeFileSync(path.join(destino, 'descriptor.binpb'), Buffer.concat(partes));
}

console.log('buf lint (STANDARD)…');
ejecutar(['lint'], path.join(raiz, 'proto'));
ejecutar(['format', '--diff', '--exit-code'], path.join(raiz, 'proto'));

if (!verificar) {
  fs.rmSync(path.join(paquete, 'src/gen'), { recursive: true, force: true });
  generarEn(paquete);
  console.log('generated packages/contratos/src/gen and descriptor.binpb');
  process.exit(0);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'contratos-'));
try {
  generarEn(tmp);
  const esperados = [...listar(path.join(tmp, 'src/gen')).map((f) => `src/gen/${f}`), 'descriptor.binpb'];
  const actuales = [...listar(path.join(paquete, 'src/gen')).map((f) => `src/gen/${f}`), 'descriptor.binpb'];
  const distintos = [...new Set([...esperados, ...actuales])].filter((f) => {
    const a = path.join(tmp, f);
    const b = path.join(paquete, f);
    return !fs.existsSync(a) || !fs.existsSync(b) || !fs.readFileSync(a).equals(fs.readFileSync(b));
  });
  if (distintos.length > 0) {
    console.error(`generated code is stale (${distintos.join(', ')}): run \`npm run gen\` and commit`);
    process.exit(1);
  }
  console.log('generated code matches proto/');
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
