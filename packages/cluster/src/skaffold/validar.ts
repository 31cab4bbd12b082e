// skaffold.yaml against skaffold's own JSON Schema for its apiVersion (a copy committed under
// esquemas/skaffold, since a user's clone has no ../shared). The schema already forbids unknown
// fields (additionalProperties: false), but inside its anyOf branches (one per builder, one per
// build type) ajv reports a typo once per branch; the walk below names the one real path first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ErrorEntorno } from '@alpes/entorno';
import type { Objeto } from './tipos';

type Esquema = Objeto & {
  $ref?: string;
  anyOf?: Esquema[];
  properties?: Record<string, Esquema>;
  additionalProperties?: boolean | Esquema;
  items?: Esquema;
};

/** The folder of the committed schemas (from dist/src/skaffold or src/skaffold). */
export function carpetaEsquemas(): string {
  const candidatas = [
    path.resolve(__dirname, '../../../esquemas/skaffold'),
    path.resolve(__dirname, '../../esquemas/skaffold'),
  ];
  const carpeta = candidatas.find((c) => fs.existsSync(c));
  if (!carpeta)
    throw new ErrorEntorno(`skaffold's schemas are missing: looked in ${candidatas.join(' and ')}`);
  return carpeta;
}

export function versionesConEsquema(): string[] {
  return fs
    .readdirSync(carpetaEsquemas())
    .filter((f) => f.endsWith('.json'))
    .map((f) => `skaffold/${f.replace(/\.json$/, '')}`);
}

const compilados = new Map<string, { esquema: Esquema; validar: ValidateFunction }>();

function esquemaDe(apiVersion: string): { esquema: Esquema; validar: ValidateFunction } {
  const version = /^skaffold\/(v[0-9a-z]+)$/.exec(apiVersion)?.[1];
  const archivo = version && path.join(carpetaEsquemas(), `${version}.json`);
  if (!archivo || !fs.existsSync(archivo)) {
    throw new ErrorEntorno(
      `skaffold.yaml declares apiVersion "${apiVersion}"; \`npm run cluster -- deploy\` validates against ` +
        `skaffold's schemas committed in packages/cluster/esquemas/skaffold (${versionesConEsquema().join(', ')}). ` +
        "Use one of those, or commit the schema of the new version (a byte-identical copy of skaffold's).",
    );
  }
  let compilado = compilados.get(archivo);
  if (!compilado) {
    const esquema = JSON.parse(fs.readFileSync(archivo, 'utf8')) as Esquema;
    // draft-07, with skaffold's own annotations (x-intellij-html-description, preferredOrder)
    const ajv = new Ajv({ strict: false, allErrors: true });
    compilado = { esquema, validar: ajv.compile(esquema) };
    compilados.set(archivo, compilado);
  }
  return compilado;
}

/** Throws an ErrorEntorno naming the path of every problem; returns when the config is valid. */
export function validarContraEsquema(config: Objeto, origen: string): void {
  const apiVersion = typeof config.apiVersion === 'string' ? config.apiVersion : '(none)';
  const { esquema, validar } = esquemaDe(apiVersion);
  const desconocidos: string[] = [];
  recorrer(config, esquema, [], esquema, desconocidos);
  if (desconocidos.length) {
    throw new ErrorEntorno(
      `${origen} is not valid against skaffold's schema ${apiVersion}:\n` +
        desconocidos.map((d) => `  - ${d}`).join('\n'),
    );
  }
  if (!validar(config)) {
    throw new ErrorEntorno(
      `${origen} is not valid against skaffold's schema ${apiVersion}:\n` +
        erroresRelevantes(validar.errors ?? [])
          .map((e) => `  - ${e}`)
          .join('\n'),
    );
  }
}

function resolver(e: Esquema, raiz: Esquema): Esquema {
  let actual = e;
  while (actual.$ref) {
    const nombre = actual.$ref.replace('#/definitions/', '');
    const destino = (raiz.definitions as Record<string, Esquema> | undefined)?.[nombre];
    if (!destino) return {};
    actual = destino;
  }
  return actual;
}

function recorrer(
  valor: unknown,
  esquemaSinResolver: Esquema,
  ruta: (string | number)[],
  raiz: Esquema,
  fuera: string[],
): void {
  const esquema = resolver(esquemaSinResolver, raiz);
  if (Array.isArray(valor)) {
    if (esquema.items) valor.forEach((v, i) => recorrer(v, esquema.items!, [...ruta, i], raiz, fuera));
    return;
  }
  if (valor === null || typeof valor !== 'object') return;
  const objeto = valor as Objeto;
  const claves = Object.keys(objeto);
  // an anyOf of objects: a key is known when some branch declares it; descend into the branch that declares them all
  const ramas = (esquema.anyOf ?? []).map((r) => resolver(r, raiz)).filter((r) => r.properties);
  const candidatas = ramas.length ? ramas : [esquema];
  const cerrado = candidatas.every((r) => r.additionalProperties === false);
  const conocidas = new Set(candidatas.flatMap((r) => Object.keys(r.properties ?? {})));
  if (cerrado) {
    for (const clave of claves.filter((c) => !conocidas.has(c))) {
      const parecida = masParecida(clave, [...conocidas]);
      fuera.push(
        `unknown field "${formatearRuta([...ruta, clave])}"` +
          (parecida ? ` (did you mean "${parecida}"?)` : ''),
      );
    }
  }
  const rama =
    candidatas.find((r) => claves.every((c) => c in (r.properties ?? {}))) ??
    [...candidatas].sort((a, b) => cubiertas(b, claves) - cubiertas(a, claves))[0]!;
  for (const clave of claves) {
    const hijo =
      rama.properties?.[clave] ??
      candidatas.find((r) => r.properties?.[clave])?.properties?.[clave] ??
      (typeof rama.additionalProperties === 'object' ? rama.additionalProperties : undefined);
    if (hijo) recorrer(objeto[clave], hijo, [...ruta, clave], raiz, fuera);
  }
}

const cubiertas = (r: Esquema, claves: string[]) => claves.filter((c) => c in (r.properties ?? {})).length;

export function formatearRuta(ruta: (string | number)[]): string {
  return (
    ruta.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top level)'
  );
}

function rutaDeAjv(instancePath: string): string {
  const partes = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return formatearRuta(partes);
}

/** The deepest errors: the anyOf summaries and the other branches' complaints say nothing new. */
function erroresRelevantes(errores: ErrorObject[]): string[] {
  const utiles = errores.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'additionalProperties');
  const profundidad = (e: ErrorObject) => e.instancePath.split('/').length;
  if (!utiles.length) {
    // every field is known, yet no branch takes them all: one-of members used together (docker and jib)
    const adicionales = errores.filter((e) => e.keyword === 'additionalProperties');
    const lugar = adicionales.sort((a, b) => profundidad(b) - profundidad(a))[0]?.instancePath ?? '';
    const juntos = adicionales
      .filter((e) => e.instancePath === lugar)
      .map((e) => String((e.params as { additionalProperty?: string }).additionalProperty));
    return [
      `${rutaDeAjv(lugar)}: ${[...new Set(juntos)].sort().join(', ')} cannot be used together (one of them at most)`,
    ];
  }
  const candidatos = utiles;
  const maxima = Math.max(...candidatos.map(profundidad));
  const mensajes = candidatos
    .filter((e) => profundidad(e) === maxima)
    .map((e) => `${rutaDeAjv(e.instancePath)}: ${e.message ?? e.keyword}${detalle(e)}`);
  return [...new Set(mensajes)];
}

function detalle(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (Array.isArray(p.allowedValues)) return ` (${p.allowedValues.join(', ')})`;
  return '';
}

function masParecida(clave: string, opciones: string[]): string | undefined {
  let mejor: { opcion: string; distancia: number } | undefined;
  for (const opcion of opciones) {
    const distancia = levenshtein(clave.toLowerCase(), opcion.toLowerCase());
    if (distancia <= Math.max(2, Math.floor(opcion.length / 4)) && (!mejor || distancia < mejor.distancia)) {
      mejor = { opcion, distancia };
    }
  }
  return mejor?.opcion;
}

function levenshtein(a: string, b: string): number {
  let previa = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const fila = [i];
    for (let j = 1; j <= b.length; j++) {
      fila[j] = Math.min(previa[j]! + 1, fila[j - 1]! + 1, previa[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previa = fila;
  }
  return previa[b.length]!;
}
