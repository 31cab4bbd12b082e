// Reads skaffold.yaml as skaffold does (one YAML document, duplicate keys refused) and validates
// it against the schema of its apiVersion before anything else looks at it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ErrorEntorno } from '@alpes/entorno';
import { noEmulado } from './soporte';
import type { ConfigSkaffold } from './tipos';
import { validarContraEsquema } from './validar';

export const ARCHIVO_SKAFFOLD = 'skaffold.yaml';

export function leerSkaffold(raiz: string, archivo: string = ARCHIVO_SKAFFOLD): ConfigSkaffold {
  const ruta = path.resolve(raiz, archivo);
  if (!fs.existsSync(ruta))
    throw new ErrorEntorno(`${ruta} not found: \`npm run cluster -- deploy\` reads it`);
  return interpretarSkaffold(fs.readFileSync(ruta, 'utf8'), archivo);
}

/** Parses and validates the text of a skaffold.yaml; `origen` names it in messages. */
export function interpretarSkaffold(texto: string, origen: string = ARCHIVO_SKAFFOLD): ConfigSkaffold {
  const documentos = parseAllDocuments(texto, { uniqueKeys: true });
  if (!Array.isArray(documentos)) throw new ErrorEntorno(`${origen} is empty`);
  for (const doc of documentos) {
    const error = doc.errors[0];
    if (error) throw new ErrorEntorno(`${origen} is not valid YAML: ${error.message}`);
  }
  const contenido = documentos.filter((d) => d.contents !== null);
  if (contenido.length === 0) throw new ErrorEntorno(`${origen} is empty`);
  if (contenido.length > 1)
    throw noEmulado('several configurations in one file (documents separated by ---)', origen);
  const config = contenido[0]!.toJS() as unknown;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new ErrorEntorno(`${origen} must be a YAML mapping (apiVersion, kind, build, deploy, …)`);
  }
  validarContraEsquema(config as Record<string, unknown>, origen);
  return config as ConfigSkaffold;
}
