// Kubernetes delivery: helm provisioning, chart rendering, and what KEDA watches.
export { asegurarHelm, rutaHelm, VERSION_HELM } from './helm';
export { renderizar, ejecutarHelm, analizarManifiestos, type ObjetoK8s, type OpcionesRender } from './chart';
export { senalEscaladoLiquidacion, senalDe, triggersLiquidacion, type SenalEscalado } from './senal-keda';
export { sincronizarTopicos, topicosSincronizados } from './topicos';
export { raizRepositorio, rutasChart, rutaCrds } from './raiz';
