import * as os from 'node:os';
import * as path from 'node:path';
import { DIR_ENTORNO, rutas } from '@alpes/entorno';

/** Where the cluster's tools, images and Docker engine live (all under ALPES_ENTORNO_DIR). */
export const rutasCluster = {
  herramientas: path.join(rutas.herramientas, 'cluster'),
  // its own engine (data root, exec root, socket), so it never touches a system Docker. Its image
  // store is a machine cache like Go's build cache or ~/.m2: every clone shares it, so a fresh
  // clone (CI) rebuilds only images whose inputs changed. ALPES_DOCKER_DIR moves it.
  docker: process.env.ALPES_DOCKER_DIR ?? path.join(os.homedir(), '.cache', 'alpes-pagos', 'docker'),
  // scratch: module copies, image contexts, logs of builds
  construccion: path.join(DIR_ENTORNO, 'construccion'),
  registros: rutas.registros,
};
