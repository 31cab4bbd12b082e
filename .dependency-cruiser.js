// The architecture rules CI enforces: the domain is pure, layers point inwards, services never
// import each other (they share code only through workspace packages under packages/).
module.exports = {
  forbidden: [
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
      to: { path: ['(^|/)src/(infraestructura|api)/', 'node_modules/(knex|pg|@grpc|@dapr)'] },
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
