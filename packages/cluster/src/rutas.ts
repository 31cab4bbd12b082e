import * as path from 'node:path';
import { DIR_ENTORNO, rutas } from '@alpes/entorno';

/** Where the cluster's tools, images and Docker engine live (all under ALPES_ENTORNO_DIR). */
export const rutasCluster = {
  herramientas: path.join(rutas.herramientas, 'cluster'),
  // its own engine: data root, exec root and socket, so it never touches a system Docker
  docker: path.join(DIR_ENTORNO, 'docker'),
  // scratch: module copies, image contexts, logs of builds
  construccion: path.join(DIR_ENTORNO, 'construccion'),
  registros: rutas.registros,
};
