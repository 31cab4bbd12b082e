// What a Dockerfile takes from its build context, read the way skaffold reads it for the
// inputDigest tag (pkg/skaffold/docker/parse.go): the sources of every COPY and ADD except
// `--from=` ones (another stage) and remote URLs, with ARG values (build args over defaults) and
// ENV values expanded. It also refuses BuildKit-only syntax, since we build with the legacy builder.
import { ErrorEntorno } from '@alpes/entorno';

export interface CopiaDockerfile {
  /** The instruction as written (for messages). */
  instruccion: string;
  /** Source paths or glob patterns, relative to the context. */
  fuentes: string[];
}

interface Instruccion {
  orden: string;
  resto: string;
  linea: number;
}

const SOLO_BUILDKIT: Record<string, string[]> = {
  RUN: ['--mount', '--network', '--security'],
  COPY: ['--link', '--parents', '--exclude', '--chmod'],
  ADD: ['--link', '--parents', '--exclude', '--chmod', '--checksum', '--keep-git-dir'],
};

export function copiasDelDockerfile(
  texto: string,
  argumentos: Record<string, string>,
  archivo: string,
): CopiaDockerfile[] {
  const variables: Record<string, string> = {};
  const copias: CopiaDockerfile[] = [];
  for (const ins of instrucciones(texto, archivo)) {
    comprobarLegado(ins, archivo);
    if (ins.orden === 'ARG') {
      for (const palabra of palabras(ins.resto, variables)) {
        const igual = palabra.indexOf('=');
        const nombre = igual < 0 ? palabra : palabra.slice(0, igual);
        variables[nombre] =
          argumentos[nombre] ?? (igual < 0 ? (variables[nombre] ?? '') : palabra.slice(igual + 1));
      }
    } else if (ins.orden === 'ENV') {
      const ps = palabras(ins.resto, variables);
      if (ps.length && !ps[0]!.includes('=')) variables[ps[0]!] = ps.slice(1).join(' ');
      else for (const p of ps) variables[p.slice(0, p.indexOf('='))] = p.slice(p.indexOf('=') + 1);
    } else if (ins.orden === 'COPY' || ins.orden === 'ADD') {
      const { banderas, resto } = separarBanderas(ins.resto);
      if (banderas.some((b) => b.startsWith('--from='))) continue;
      const rutas = formaJson(resto, variables) ?? palabras(resto, variables);
      if (rutas.length < 2)
        throw new ErrorEntorno(`${archivo}:${ins.linea}: ${ins.orden} needs a source and a destination`);
      const fuentes = rutas.slice(0, -1).filter((f) => !/^https?:\/\//.test(f));
      if (fuentes.length) copias.push({ instruccion: `${ins.orden} ${ins.resto}`, fuentes });
    }
  }
  return copias;
}

/** Logical instructions: directives and comments dropped, `\` continuations joined. */
function instrucciones(texto: string, archivo: string): Instruccion[] {
  const lineas = texto.split(/\r?\n/);
  const resultado: Instruccion[] = [];
  let enDirectivas = true;
  let actual = '';
  let inicio = 0;
  lineas.forEach((linea, i) => {
    const directiva = /^#\s*([a-zA-Z]+)\s*=\s*(.*?)\s*$/.exec(linea);
    if (enDirectivas && directiva) {
      if (directiva[1]!.toLowerCase() === 'escape' && directiva[2] !== '\\') {
        throw new ErrorEntorno(
          `${archivo}: the escape directive "${directiva[2]}" is not supported by this reader`,
        );
      }
      return;
    }
    enDirectivas = false;
    const recortada = linea.trim();
    if (recortada.startsWith('#') || (!recortada && !actual)) return;
    if (!actual) inicio = i + 1;
    if (recortada.endsWith('\\')) {
      actual += `${recortada.slice(0, -1)} `;
      return;
    }
    actual += recortada;
    if (!actual.trim()) return;
    const [orden] = actual.trim().split(/\s+/);
    resultado.push({
      orden: orden!.toUpperCase(),
      resto: actual.trim().slice(orden!.length).trim(),
      linea: inicio,
    });
    actual = '';
  });
  return resultado;
}

function comprobarLegado(ins: Instruccion, archivo: string): void {
  const { banderas } = separarBanderas(ins.resto);
  const prohibida = banderas.find((b) => SOLO_BUILDKIT[ins.orden]?.includes(b.split('=')[0]!));
  const heredoc =
    ['RUN', 'COPY', 'ADD'].includes(ins.orden) && /(^|[^<])<<-?(["']?)[A-Za-z_]\w*\2/.test(ins.resto);
  if (prohibida || heredoc) {
    throw new ErrorEntorno(
      `${archivo}:${ins.linea} uses BuildKit-only syntax (${prohibida ? `${ins.orden} ${prohibida.split('=')[0]}` : 'a heredoc'}), ` +
        'which the legacy builder (DOCKER_BUILDKIT=0) that `npm run cluster -- deploy` builds with cannot build',
    );
  }
}

function separarBanderas(resto: string): { banderas: string[]; resto: string } {
  const banderas: string[] = [];
  let texto = resto;
  for (;;) {
    const m = /^(--\S+)\s*/.exec(texto);
    if (!m) break;
    banderas.push(m[1]!);
    texto = texto.slice(m[0].length);
  }
  return { banderas, resto: texto };
}

function formaJson(texto: string, variables: Record<string, string>): string[] | undefined {
  if (!texto.startsWith('[')) return undefined;
  try {
    const lista = JSON.parse(texto) as unknown;
    if (Array.isArray(lista) && lista.every((x) => typeof x === 'string')) {
      return lista.map((x) => expandir(x, variables, false));
    }
  } catch {
    // not JSON: Docker reads it in shell form
  }
  return undefined;
}

/** Words as Docker's shell lexer splits them: quotes, backslash escapes, $VAR / ${VAR…} expanded. */
export function palabras(texto: string, variables: Record<string, string>): string[] {
  const resultado: string[] = [];
  let palabra = '';
  let hay = false;
  for (let i = 0; i < texto.length; i++) {
    const c = texto[i]!;
    if (/\s/.test(c)) {
      if (hay) resultado.push(palabra);
      palabra = '';
      hay = false;
    } else if (c === "'") {
      const fin = texto.indexOf("'", i + 1);
      palabra += texto.slice(i + 1, fin < 0 ? undefined : fin);
      i = fin < 0 ? texto.length : fin;
      hay = true;
    } else if (c === '"') {
      let j = i + 1;
      let dentro = '';
      while (j < texto.length && texto[j] !== '"') {
        if (texto[j] === '\\' && j + 1 < texto.length) dentro += texto[j++];
        dentro += texto[j++];
      }
      palabra += expandir(dentro, variables, true);
      i = j;
      hay = true;
    } else {
      let j = i;
      while (j < texto.length && !/[\s'"]/.test(texto[j]!)) j += texto[j] === '\\' ? 2 : 1;
      palabra += expandir(texto.slice(i, j), variables, true);
      i = j - 1;
      hay = true;
    }
  }
  if (hay) resultado.push(palabra);
  return resultado;
}

function expandir(texto: string, variables: Record<string, string>, escapes: boolean): string {
  let salida = '';
  for (let i = 0; i < texto.length; i++) {
    const c = texto[i]!;
    if (c === '\\' && escapes && i + 1 < texto.length) {
      salida += texto[++i];
    } else if (c === '$') {
      const llaves = /^\$\{([A-Za-z_]\w*)(?:(:?[-+])([^}]*))?\}/.exec(texto.slice(i));
      const simple = /^\$([A-Za-z_]\w*)/.exec(texto.slice(i));
      if (llaves) {
        const valor = variables[llaves[1]!];
        const [op, alternativa = ''] = [llaves[2], llaves[3]];
        const vacio = op?.startsWith(':') ? !valor : valor === undefined;
        if (op?.endsWith('-')) salida += vacio ? alternativa : valor;
        else if (op?.endsWith('+')) salida += vacio ? '' : alternativa;
        else salida += valor ?? '';
        i += llaves[0].length - 1;
      } else if (simple) {
        salida += variables[simple[1]!] ?? '';
        i += simple[0].length - 1;
      } else {
        salida += c;
      }
    } else {
      salida += c;
    }
  }
  return salida;
}
