// The chart's Dapr and KEDA resources are validated in CI against the CRDs in shared/crds. These
// checks make sure the cluster runs those very CRDs: the module's own CRD files must be the shared
// ones, and what the API server holds must be what we applied. A mismatch fails loudly, because a
// chart valid on paper against other schemas than the cluster's is exactly what issue #8 is about.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ErrorEntorno, paso, RAIZ_REPO } from '@alpes/entorno';
import { obtener, type OpcionesKubectl } from './kubernetes';

export interface Crd {
  kind: string;
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean; storage: boolean; schema?: unknown; subresources?: unknown }[];
  };
}

/** Same convention as @alpes/despliegue: a read-only copy of shared/ beside the clone, or ALPES_CRDS. */
export function rutaCrdsCompartidos(): string {
  return process.env.ALPES_CRDS ?? path.resolve(RAIZ_REPO, '..', 'shared', 'crds');
}

export function crdsDe(texto: string): Crd[] {
  return parseAllDocuments(texto)
    .map((d) => d.toJS() as Crd | null)
    .filter((d): d is Crd => d?.kind === 'CustomResourceDefinition');
}

export function crdsDeArchivos(archivos: string[]): Crd[] {
  return archivos.flatMap((a) => crdsDe(fs.readFileSync(a, 'utf8')));
}

/** The part of a CRD that decides what the API server accepts: names, scope, versions and schemas. */
export function esencia(c: Crd): unknown {
  return {
    group: c.spec.group,
    scope: c.spec.scope,
    kind: c.spec.names.kind,
    plural: c.spec.names.plural,
    versions: [...c.spec.versions]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((v) => ({
        name: v.name,
        served: v.served,
        storage: v.storage,
        schema: v.schema,
        subresources: v.subresources,
      })),
  };
}

/** JSON paths where two values differ (at most `maximo`). */
export function diferencias(a: unknown, b: unknown, ruta = '', maximo = 8, salida: string[] = []): string[] {
  if (salida.length >= maximo) return salida;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) salida.push(`${ruta || '/'}: ${a.length} items vs ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++)
      diferencias(a[i], b[i], `${ruta}/${i}`, maximo, salida);
    return salida;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
      if (!(k in ra)) salida.push(`${ruta}/${k}: only in the second`);
      else if (!(k in rb)) salida.push(`${ruta}/${k}: only in the first`);
      else diferencias(ra[k], rb[k], `${ruta}/${k}`, maximo, salida);
      if (salida.length >= maximo) break;
    }
    return salida;
  }
  if (a !== b)
    salida.push(`${ruta || '/'}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`);
  return salida;
}

/**
 * Each CRD of shared/crds/<producto> must be, field for field, the module's own file (before any
 * patch of the install: KEDA's kustomization patches two of them, on top of the shared schema).
 */
export function compararConCompartidos(producto: 'dapr' | 'keda', delModulo: Crd[], origen: string): void {
  const dir = path.join(rutaCrdsCompartidos(), producto);
  if (!fs.existsSync(dir)) {
    paso(
      `warning: ${dir} not found (set ALPES_CRDS): the ${producto} CRDs were not compared with the shared ones`,
    );
    return;
  }
  const archivos = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  const errores: string[] = [];
  let comparados = 0;
  for (const archivo of archivos) {
    for (const compartido of crdsDe(fs.readFileSync(path.join(dir, archivo), 'utf8'))) {
      const propio = delModulo.find((c) => c.metadata.name === compartido.metadata.name);
      if (!propio) {
        errores.push(`  ${compartido.metadata.name} (${archivo}) is not in ${origen}`);
        continue;
      }
      const d = diferencias(compartido.spec, propio.spec);
      if (d.length)
        errores.push(
          `  ${compartido.metadata.name}: ${archivo} vs ${origen} differ at:\n    spec${d.join('\n    spec')}`,
        );
      comparados++;
    }
  }
  if (errores.length) {
    throw new ErrorEntorno(
      `the ${producto} CRDs of ${origen} are not the ones in ${dir}, which CI validates the chart against:\n` +
        `${errores.join('\n')}\nPin the ${producto} version whose CRDs are shared, or update shared/crds/${producto} and re-validate the chart.`,
    );
  }
  paso(`${producto} CRDs: ${comparados} identical to ${dir}`);
}

/** The API server holds exactly the CRDs we applied (an older install, or another tool, may differ). */
export async function verificarCrdsInstalados(
  o: OpcionesKubectl,
  producto: string,
  aplicados: Crd[],
): Promise<void> {
  const errores: string[] = [];
  for (const aplicado of aplicados) {
    const instalado = await obtener<Crd>(o, ['crd', aplicado.metadata.name]);
    if (!instalado) {
      errores.push(`  ${aplicado.metadata.name}: not installed`);
      continue;
    }
    const d = diferencias(esencia(aplicado), esencia(instalado));
    if (d.length)
      errores.push(`  ${aplicado.metadata.name} differs (applied vs installed) at:\n    ${d.join('\n    ')}`);
  }
  if (errores.length) {
    throw new ErrorEntorno(
      `the ${producto} CRDs in the cluster are not the ones of this install:\n${errores.join('\n')}\n` +
        `Another ${producto} may have installed them; delete those CRDs (kubectl delete crd ...) and run this again.`,
    );
  }
  paso(`${producto} CRDs in the cluster: ${aplicados.length} as applied`);
}
