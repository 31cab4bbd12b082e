// @alpes/cluster: the Kubernetes path run for real on an offline kind cluster (see cli/cluster.ts).
export { ejecutar } from './comandos';
export { asegurarDocker, entornoDocker } from './docker';
export { asegurarHerramientas, type Herramientas } from './herramientas';
export { CONTEXTO, enrutarPods, entornoKind, NOMBRE_CLUSTER, nodos } from './kind';
export { desplegar, levantar } from './orden';
export { planDesdeSkaffold } from './skaffold';
export { VERSIONES_CLUSTER } from './versiones';
export { CONFIGMAP_JWKS_DEV } from './credencial-dev';
