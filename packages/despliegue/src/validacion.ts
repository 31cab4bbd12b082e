// Validates rendered objects against real schemas: Kubernetes core types with kubernetes-models,
// Dapr and KEDA custom resources with the openAPIV3Schema of their CRDs (shared/crds).
import Ajv, { type ValidateFunction } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ObjetoK8s } from './chart';

type Esquema = Record<string, unknown>;

interface ModeloK8s {
  validate(): void;
}
type ClaseModelo = new (datos: unknown) => ModeloK8s;

/** Groups served by kubernetes-models (core and built-in API groups); others are custom resources. */
export function esTipoNucleo(apiVersion: string): boolean {
  const grupo = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return grupo === '' || !grupo.includes('.') || grupo.endsWith('.k8s.io');
}

function claseNucleo(apiVersion: string, kind: string): ClaseModelo {
  const modulo = `kubernetes-models/${apiVersion}/${kind}`;
  let exportado: Record<string, ClaseModelo>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exportado = require(modulo) as Record<string, ClaseModelo>;
  } catch {
    throw new Error(`${apiVersion} ${kind} no es un tipo de Kubernetes conocido (no existe ${modulo})`);
  }
  const clase = exportado[kind];
  if (!clase) throw new Error(`${modulo} no exporta ${kind}`);
  return clase;
}

/** Throws with kubernetes-models' message when the object does not match its core type. */
export function validarNucleo(objeto: ObjetoK8s): void {
  const Clase = claseNucleo(objeto.apiVersion, objeto.kind);
  try {
    new Clase(objeto).validate();
  } catch (error) {
    throw new Error(`${objeto.kind}/${objeto.metadata?.name}: ${(error as Error).message}`);
  }
}

/** ObjectMeta of any object, custom resources included (their CRDs only say `type: object`). */
export function validarMetadatos(objeto: ObjetoK8s): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ObjectMeta } = require('@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta') as {
    ObjectMeta: ClaseModelo;
  };
  new ObjectMeta(objeto.metadata).validate();
  const nombre = objeto.metadata?.name ?? '';
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(nombre) || nombre.length > 253) {
    throw new Error(`${objeto.kind}: metadata.name "${nombre}" no es un nombre DNS-1123 válido`);
  }
}

/**
 * Like the API server's strict field validation: an object schema that lists its properties
 * rejects any other field, unless it says x-kubernetes-preserve-unknown-fields or has its own
 * additionalProperties. Without this a misspelt field would pass (and be pruned in the cluster).
 */
export function estricto(esquema: unknown): unknown {
  if (Array.isArray(esquema)) return esquema.map(estricto);
  if (esquema === null || typeof esquema !== 'object') return esquema;
  const copia: Esquema = {};
  for (const [clave, valor] of Object.entries(esquema as Esquema)) {
    // property names are data, not schemas: recurse into each property's schema only
    copia[clave] =
      clave === 'properties'
        ? Object.fromEntries(Object.entries(valor as Esquema).map(([k, v]) => [k, estricto(v)]))
        : estricto(valor);
  }
  if (
    copia.properties &&
    copia.additionalProperties === undefined &&
    copia['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    copia.additionalProperties = false;
  }
  return copia;
}

interface Crd {
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean; schema?: { openAPIV3Schema: Esquema } }[];
  };
}

/** Validators for every served version of every CRD in a folder (searched recursively). */
export class ValidadorCrds {
  private readonly validadores = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true });

  constructor(carpeta: string) {
    const enteros = (bits: number) => (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** (bits - 1);
    this.ajv.addFormat('int32', { type: 'number', validate: enteros(32) });
    this.ajv.addFormat('int64', { type: 'number', validate: enteros(64) });
    this.ajv.addFormat('date-time', true);
    for (const archivo of listarYaml(carpeta)) {
      for (const documento of parseAllDocuments(fs.readFileSync(archivo, 'utf8'))) {
        const crd = documento.toJS() as Crd | null;
        if (!crd?.spec?.versions) continue;
        for (const version of crd.spec.versions) {
          if (!version.served || !version.schema) continue;
          const clave = `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`;
          this.validadores.set(clave, this.ajv.compile(estricto(version.schema.openAPIV3Schema) as Esquema));
        }
      }
    }
    if (this.validadores.size === 0) throw new Error(`no hay CRDs en ${carpeta}`);
  }

  tipos(): string[] {
    return [...this.validadores.keys()];
  }

  /** Throws listing every schema violation. */
  validar(objeto: ObjetoK8s): void {
    const clave = `${objeto.apiVersion} ${objeto.kind}`;
    const validar = this.validadores.get(clave);
    if (!validar) throw new Error(`no hay CRD para ${clave} (tipos conocidos: ${this.tipos().join(', ')})`);
    if (!validar(objeto as unknown)) {
      const errores = (validar.errors ?? []).map(
        (e) =>
          `${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? `: ${JSON.stringify(e.params)}` : ''}`,
      );
      throw new Error(`${objeto.kind}/${objeto.metadata?.name} no cumple su CRD:\n  ${errores.join('\n  ')}`);
    }
  }
}

function listarYaml(carpeta: string): string[] {
  return fs.readdirSync(carpeta, { withFileTypes: true }).flatMap((e) => {
    const ruta = path.join(carpeta, e.name);
    if (e.isDirectory()) return listarYaml(ruta);
    return /\.ya?ml$/.test(e.name) ? [ruta] : [];
  });
}

/** Validates one rendered object with whichever schema applies to it. */
export function validarObjeto(objeto: ObjetoK8s, crds: ValidadorCrds): void {
  if (!objeto.apiVersion || !objeto.kind) {
    throw new Error(`objeto sin apiVersion/kind: ${JSON.stringify(objeto).slice(0, 200)}`);
  }
  validarMetadatos(objeto);
  if (esTipoNucleo(objeto.apiVersion)) validarNucleo(objeto);
  else crds.validar(objeto);
}
