// Kubernetes delivery: chart rendering, and what KEDA watches (helm itself comes from @alpes/entorno).
export { renderizar, ejecutarHelm, analizarManifiestos, type ObjetoK8s, type OpcionesRender } from './chart';
export {
  rutaEstadisticasKeda,
  senalEscaladoLiquidacion,
  senalDe,
  triggersLiquidacion,
  type SenalEscalado,
} from './senal-keda';
export { sincronizarTopicos, topicosSincronizados } from './topicos';
export { raizRepositorio, rutasChart, rutaCrds } from './raiz';
