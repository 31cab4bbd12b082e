// skaffold's inputDigest tag (pkg/skaffold/tag/input_digest.go). The inputs are not every file of
// the context but the ones the build reads, as skaffold lists them (docker/dependencies.go): the
// Dockerfile plus every non-ignored file under the COPY/ADD sources. That is faithful (the same
// tag skaffold computes for an artifact without build args or target) and it is what makes the
// tag move only when the image can change: editing a README or a chart leaves it alone. Each
// file contributes md5(path relative to the context + contents); the tag is the sha256 of the
// JSON list of those, in path order.
// Build args and target also enter, when set, as one more input: skaffold keys its artifact
// cache on them separately, and here the tag is the cache key (an existing image:tag is reused).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorEntorno } from '@alpes/entorno';
import { copiasDelDockerfile } from './dockerfile';
import { leerDockerignore, type Dockerignore } from './dockerignore';

export interface EntradaEtiqueta {
  /** Absolute build context. */
  contexto: string;
  /** Absolute Dockerfile. */
  dockerfile: string;
  argumentos: Record<string, string>;
  objetivo?: string;
}

export interface Etiqueta {
  /** 64 hex characters. */
  etiqueta: string;
  /** The files hashed, relative to the context, in hashing order. */
  archivos: string[];
}

export function etiquetaPorEntradas(e: EntradaEtiqueta): Etiqueta {
  const archivos = dependencias(e);
  // a dependency that does not exist (a Dockerfile outside the context, say) is skipped, as skaffold does
  const entradas = archivos.flatMap((relativa) => hashArchivo(e.contexto, relativa) ?? []);
  if (Object.keys(e.argumentos).length || e.objetivo) {
    const claves = Object.keys(e.argumentos).sort();
    entradas.push(
      md5(JSON.stringify({ buildArgs: claves.map((k) => [k, e.argumentos[k]]), target: e.objetivo ?? '' })),
    );
  }
  // Go's json.Encoder: a nil slice is `null`, and it ends with a newline
  const json = `${entradas.length ? JSON.stringify(entradas) : 'null'}\n`;
  return { etiqueta: createHash('sha256').update(json).digest('hex'), archivos };
}

/** getDependencies: the Dockerfile and the non-ignored files under the COPY/ADD sources, sorted. */
export function dependencias(e: EntradaEtiqueta): string[] {
  if (fs.existsSync(`${e.dockerfile}.dockerignore`)) {
    throw new ErrorEntorno(
      `${e.dockerfile}.dockerignore exists, but the legacy builder (DOCKER_BUILDKIT=0) only reads the context's ` +
        '.dockerignore: move its patterns there',
    );
  }
  const ignorar = leerDockerignore(e.contexto);
  const archivos = new Set<string>();
  const copias = copiasDelDockerfile(fs.readFileSync(e.dockerfile, 'utf8'), e.argumentos, e.dockerfile);
  for (const copia of copias) {
    const rutas = copia.fuentes.flatMap((f) => expandirFuente(e.contexto, f));
    if (!rutas.length) {
      throw new ErrorEntorno(
        `${e.dockerfile}: "${copia.instruccion}": file pattern ${copia.fuentes.join(' ')} must match at least one file ` +
          `in the context ${e.contexto}`,
      );
    }
    for (const ruta of rutas) recorrer(e.contexto, ruta, ignorar, archivos, true);
  }
  // the Dockerfile always counts, even when .dockerignore'd; .dockerignore itself never does
  archivos.add(aBarras(path.relative(e.contexto, e.dockerfile)));
  archivos.delete('.dockerignore');
  return [...archivos].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** expandSrcGlobPatterns: an existing path as is, else filepath.Glob (one level per `/`). */
function expandirFuente(contexto: string, fuente: string): string[] {
  const limpia = aBarras(path.posix.normalize(fuente.replace(/^\/+/, '') || '.')).replace(/\/+$/, '') || '.';
  if (fs.existsSync(path.join(contexto, limpia))) return [limpia];
  if (!/[*?[]/.test(limpia)) return [];
  let candidatas = ['.'];
  for (const segmento of limpia.split('/')) {
    const regex = globARegex(segmento);
    candidatas = candidatas.flatMap((dir) => {
      const abs = path.join(contexto, dir);
      if (!/[*?[]/.test(segmento))
        return fs.existsSync(path.join(abs, segmento)) ? [unir(dir, segmento)] : [];
      if (!esDirectorio(abs)) return [];
      return fs
        .readdirSync(abs)
        .filter((n) => regex.test(n))
        .sort()
        .map((n) => unir(dir, n));
    });
  }
  return candidatas;
}

/** WalkWorkspace: a root directory is always entered; below it, ignored entries are skipped. */
function recorrer(
  contexto: string,
  relativa: string,
  ignorar: Dockerignore,
  archivos: Set<string>,
  raiz: boolean,
): void {
  const abs = path.join(contexto, relativa);
  const info = fs.lstatSync(abs);
  if (info.isDirectory()) {
    if (!raiz && ignorar.saltarDirectorio(relativa)) return;
    for (const nombre of fs.readdirSync(abs))
      recorrer(contexto, unir(relativa, nombre), ignorar, archivos, false);
    return;
  }
  if (!ignorar.ignorado(relativa)) archivos.add(relativa);
}

/** fileHasher: md5 of the path relative to the context, then the contents of a regular file. */
function hashArchivo(contexto: string, relativa: string): string | undefined {
  const abs = path.join(contexto, relativa);
  const h = createHash('md5').update(relativa);
  try {
    if (fs.lstatSync(abs).isFile()) h.update(fs.readFileSync(abs));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return h.digest('hex');
}

function globARegex(segmento: string): RegExp {
  let r = '';
  for (let i = 0; i < segmento.length; i++) {
    const c = segmento[i]!;
    if (c === '*') r += '.*';
    else if (c === '?') r += '.';
    else if (c === '[') {
      const fin = segmento.indexOf(']', i + 1);
      if (fin < 0) r += '\\[';
      else {
        r += `[${segmento.slice(i + 1, fin).replace(/^\^|^!/, '^')}]`;
        i = fin;
      }
    } else if (c === '\\' && i + 1 < segmento.length) r += `\\${segmento[++i]}`;
    else r += c.replace(/[.+()|{}^$\]]/g, '\\$&');
  }
  return new RegExp(`^${r}$`);
}

const md5 = (texto: string) => createHash('md5').update(texto).digest('hex');
const aBarras = (p: string) => p.split(path.sep).join('/');
const unir = (dir: string, nombre: string) => (dir === '.' ? nombre : `${dir}/${nombre}`);
const esDirectorio = (abs: string) => fs.existsSync(abs) && fs.statSync(abs).isDirectory();
