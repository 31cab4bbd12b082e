// Paths of the repository this package lives in, found by walking up to the npm workspaces root.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function raizRepositorio(desde: string = __dirname): string {
  let dir = path.resolve(desde);
  for (;;) {
    const paquete = path.join(dir, 'package.json');
    if (fs.existsSync(paquete) && 'workspaces' in JSON.parse(fs.readFileSync(paquete, 'utf8'))) return dir;
    const padre = path.dirname(dir);
    if (padre === dir)
      throw new Error(`no encuentro la raíz del repositorio (package.json con workspaces) desde ${desde}`);
    dir = padre;
  }
}

/** The chart, its values files and the copy of the names it reads. */
export function rutasChart(raiz: string = raizRepositorio()) {
  const chart = path.join(raiz, 'charts', 'alpes-pagos');
  return {
    chart,
    valoresDev: path.join(chart, 'valores-dev.yaml'),
    valoresProd: path.join(chart, 'valores-prod.yaml'),
    esquemaValores: path.join(chart, 'values.schema.json'),
    copiaTopicos: path.join(chart, 'topicos.json'),
    topicosFuente: path.join(raiz, 'packages', 'contratos', 'topicos.json'),
  };
}

/** Dapr and KEDA CRDs: CI lays a read-only copy of shared/ beside the clone. */
export function rutaCrds(raiz: string = raizRepositorio()): string {
  const ruta = process.env.ALPES_CRDS ?? path.resolve(raiz, '..', 'shared', 'crds');
  if (!fs.existsSync(ruta)) {
    throw new Error(
      `faltan los CRDs de Dapr y KEDA en ${ruta}: se esperan en ../shared/crds junto al clon del repositorio ` +
        '(o indica otra carpeta con ALPES_CRDS)',
    );
  }
  return ruta;
}
