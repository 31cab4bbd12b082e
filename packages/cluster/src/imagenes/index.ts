// Stand-ins for the non-project images of the Kubernetes path (see packages/cluster/imagenes/README.md).
export {
  BUSYBOX,
  DEBIAN,
  DISTROLESS_NODE,
  IMAGENES_SUSTITUTAS,
  IMAGENES_SUSTITUTAS_EN_CLUSTER,
  NODE_SLIM,
  POSTGRES,
  PULSAR,
} from './catalogo';
export type { ImagenSustituta } from './catalogo';
export { asegurarImagenesSustitutas, asegurarImagenSustituta } from './construir';
export { asegurarDebian } from './debian';
export { VERSIONES_SUSTITUTAS } from './versiones';
