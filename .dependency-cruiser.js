// The architecture rules CI enforces: the domain is pure, layers point inwards, services never
// import each other (they share code only through workspace packages under packages/), and a
// workspace uses another only as its package.json declares it, through its public entry points.
const fs = require('node:fs');
const path = require('node:path');

/** The npm workspaces of the tree depcruise runs in (cwd): folder, manifest. */
function workspaces() {
  const leer = (archivo) => JSON.parse(fs.readFileSync(archivo, 'utf8'));
  if (!fs.existsSync('package.json')) return [];
  return (leer('package.json').workspaces ?? [])
    .filter((dir) => fs.existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, manifiesto: leer(path.join(dir, 'package.json')) }));
}

const escapar = (texto) => texto.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The files a package's main/types/exports point at: the only ways into its dist/. */
function entradas({ dir, manifiesto }) {
  const destinos = [manifiesto.main, manifiesto.types];
  for (const valor of Object.values(manifiesto.exports ?? {})) {
    destinos.push(...(typeof valor === 'string' ? [valor] : Object.values(valor)));
  }
  const unicos = [...new Set(destinos.filter(Boolean).map((d) => d.replace(/^\.\//, '')))];
  return unicos
    .map((d) => path.posix.join(dir, d).replace(/\.(js|d\.ts)$/, ''))
    .map((d) => `^${escapar(d)}\\.(js|d\\.ts)$`);
}

/** Per workspace: the other workspaces it may import (dependencies; devDependencies from test/ too). */
function reglasDeManifiesto(todos) {
  const dirDe = new Map(todos.map((w) => [w.manifiesto.name, w.dir]));
  const dirs = (deps) =>
    Object.keys(deps ?? {})
      .filter((n) => dirDe.has(n))
      .map((n) => dirDe.get(n));
  const prefijos = (lista) => lista.map((d) => `^${escapar(d)}/`);
  return todos.flatMap((w) => {
    const propias = [w.dir, ...dirs(w.manifiesto.dependencies)];
    const deDesarrollo = [...propias, ...dirs(w.manifiesto.devDependencies)];
    const otros = prefijos(todos.map((o) => o.dir));
    return [
      {
        name: 'workspace-no-declarado',
        comment: `${w.manifiesto.name} imports a workspace package its package.json does not declare`,
        severity: 'error',
        from: { path: `^${escapar(w.dir)}/` },
        to: { path: otros, pathNot: prefijos(deDesarrollo) },
      },
      {
        name: 'workspace-solo-de-desarrollo',
        comment: `${w.manifiesto.name}'s src/ imports a workspace package declared only in devDependencies`,
        severity: 'error',
        from: { path: `^${escapar(w.dir)}/src/` },
        to: { path: prefijos(deDesarrollo), pathNot: prefijos(propias) },
      },
    ];
  });
}

/** Into another workspace's dist/ only through its entry points (no deep imports of built files). */
function reglaDeEntradas(todos) {
  if (todos.length === 0) return [];
  return [
    {
      name: 'sin-dist-profundo',
      comment:
        'import a workspace package by its entry points (package.json main/exports), never a file in its dist/',
      severity: 'error',
      // a package's own files may load its dist/ (packages/cli/bin/alpes.js, the linked command)
      from: { path: '^((?:packages|services)/[^/]+)/' },
      to: {
        path: todos.map((w) => `^${escapar(w.dir)}/dist/`),
        pathNot: ['^$1/dist/', ...new Set(todos.flatMap(entradas))],
      },
    },
  ];
}

const TODOS = workspaces();

module.exports = {
  forbidden: [
    ...reglaDeEntradas(TODOS),
    ...reglasDeManifiesto(TODOS),
    {
      name: 'dominio-puro',
      comment: 'dominio imports nothing but itself and seedwork domain types',
      severity: 'error',
      from: { path: '(^|/)src/dominio/' },
      to: {
        pathNot: ['(^|/)src/dominio/', '^packages/seedwork/(dist/)?src/dominio/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'dominio-sin-tipos-externos',
      comment: 'not even types from infrastructure, frameworks or other layers',
      severity: 'error',
      from: { path: '(^|/)src/dominio/' },
      to: {
        path: [
          '(^|/)src/(infraestructura|api|aplicacion)/',
          'node_modules',
          '^packages/(?!seedwork/(dist/)?src/dominio/)',
        ],
      },
    },
    {
      name: 'aplicacion-sin-infraestructura',
      severity: 'error',
      from: { path: '(^|/)src/aplicacion/' },
      // tracing is infrastructure too: spans are made at the edges (gRPC, events, outbox, PSP), not in use cases
      to: {
        path: ['(^|/)src/(infraestructura|api)/', 'node_modules/(knex|pg|@grpc|@dapr|@opentelemetry)'],
      },
    },
    {
      name: 'aplicacion-solo-seedwork-interno',
      comment:
        "a service's aplicacion takes from seedwork only its dominio and aplicacion entries: the root barrel re-exports knex, pg, gRPC and Dapr",
      severity: 'error',
      from: { path: '^services/[^/]+/src/aplicacion/' },
      to: { path: '^packages/seedwork/', pathNot: '^packages/seedwork/(dist/)?src/(dominio|aplicacion)/' },
    },
    {
      name: 'servicios-aislados',
      comment: 'a service never imports another service; shared code lives in packages/',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'sin-ciclos',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // dist/ stays in the graph: workspace imports (@alpes/seedwork/dominio) resolve into it
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: ['packages/contratos/src/gen', '(^|/)dist/test/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
  },
};
