import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ejecutar } from '../comandos';

// Each stand-in carries the fingerprint of its recipe as a label. The recipe is what decides the
// image: its folder (Dockerfile, scripts, config), the pinned versions of what is staged beside it
// and the ids of the local images it is built FROM. Pinned artifacts are immutable by version, so
// the warm path hashes a few small files and never stages hundreds of MB just to compare.
export const ETIQUETA_HUELLA = 'alpes.sustituta.huella';
export const ETIQUETA_SUSTITUTA = 'alpes.sustituta';

export function huellaReceta(carpeta: string | undefined, insumos: string[]): string {
  const h = crypto.createHash('sha256');
  if (carpeta) sumarCarpeta(h, carpeta, '');
  for (const i of insumos) h.update(`insumo\0${i}\0`);
  return h.digest('hex').slice(0, 20);
}

function sumarCarpeta(h: crypto.Hash, raiz: string, relativa: string): void {
  for (const e of fs.readdirSync(path.join(raiz, relativa)).sort()) {
    const r = path.posix.join(relativa, e);
    const completa = path.join(raiz, r);
    const st = fs.lstatSync(completa);
    if (st.isDirectory()) {
      sumarCarpeta(h, raiz, r);
    } else if (st.isSymbolicLink()) {
      h.update(`enlace\0${r}\0${fs.readlinkSync(completa)}\0`);
    } else {
      // the executable bit reaches the image through COPY, so it is part of the recipe
      h.update(`archivo\0${r}\0${st.mode & 0o111 ? 'x' : '-'}\0`);
      h.update(fs.readFileSync(completa));
    }
  }
}

export interface EstadoImagen {
  id: string;
  /** The fingerprint label; '' when the image has none (not built by us: kept as it is). */
  huella: string;
}

/** The local image under that reference, or undefined when there is none. */
export async function estadoImagen(
  referencia: string,
  env: NodeJS.ProcessEnv,
): Promise<EstadoImagen | undefined> {
  try {
    const salida = await ejecutar(
      'docker',
      // an image with no labels at all has a nil map, which `index` refuses
      [
        'image',
        'inspect',
        '--format',
        `{{.Id}} {{with .Config.Labels}}{{index . "${ETIQUETA_HUELLA}"}}{{end}}`,
        referencia,
      ],
      { env },
    );
    const [id = '', huella = ''] = salida.trim().split(' ');
    return { id, huella: huella === '<no value>' ? '' : huella };
  } catch {
    return undefined;
  }
}
