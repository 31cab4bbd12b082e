// The Dapr and KEDA control planes of the kind cluster, from their Go modules, nothing pulled.
export {
  BINARIOS_DAPR,
  compilarDapr,
  ESPACIO_DAPR,
  imagenDapr,
  imagenesDapr,
  instalarDapr,
  probarInyeccionDapr,
} from './dapr';
export {
  API_METRICAS_EXTERNAS,
  compilarKeda,
  ESPACIO_KEDA,
  imagenesKeda,
  imagenKeda,
  instalarKeda,
} from './keda';
export { BASE_DISTROLESS } from './imagenes';
export { IMAGEN_POLITICAS_RED, instalarPoliticasRed } from './politicas-red';
export { rutaCrdsCompartidos } from './crds';
export { esperarPodsListos, diagnosticarEspacio, type OpcionesPlano } from './kubernetes';
