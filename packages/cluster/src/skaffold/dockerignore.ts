// .dockerignore with Docker's semantics (moby/patternmatcher, as skaffold and the legacy builder
// use it): patterns are cleaned paths relative to the context, `*` and `?` stop at `/`, `**`
// crosses directories, `!` re-includes, the last matching pattern wins, and a path is ignored
// when it or one of its parent directories matches.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Patron {
  exclusion: boolean;
  texto: string;
  regex: RegExp;
}

export interface Dockerignore {
  patrones: string[];
  /** `relativa`: a path relative to the context, with `/`. */
  ignorado(relativa: string): boolean;
  /** An ignored directory whose contents no `!` pattern can bring back: skip walking it. */
  saltarDirectorio(relativa: string): boolean;
}

export function leerDockerignore(contexto: string): Dockerignore {
  const archivo = path.join(contexto, '.dockerignore');
  return crearDockerignore(fs.existsSync(archivo) ? fs.readFileSync(archivo, 'utf8') : '');
}

/** dockerignore.ReadAll: comments, blank lines, `!`, filepath.Clean, a leading `/` dropped. */
export function leerPatrones(texto: string): string[] {
  const patrones: string[] = [];
  texto
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((linea) => {
      if (linea.startsWith('#')) return;
      let patron = linea.trim();
      if (!patron) return;
      const exclusion = patron.startsWith('!');
      if (exclusion) patron = patron.slice(1).trim();
      if (patron) {
        patron = path.posix.normalize(patron).replace(/(.)\/+$/, '$1');
        if (patron.length > 1 && patron.startsWith('/')) patron = patron.slice(1);
      }
      patrones.push(exclusion ? `!${patron}` : patron);
    });
  return patrones;
}

export function crearDockerignore(texto: string): Dockerignore {
  const patrones = leerPatrones(texto);
  const compilados: Patron[] = patrones.map((p) => {
    const exclusion = p.startsWith('!');
    const limpio = exclusion ? p.slice(1) : p;
    return { exclusion, texto: limpio, regex: compilar(limpio) };
  });
  const hayExclusiones = compilados.some((p) => p.exclusion);
  const ignorado = (relativa: string) => coincideOPadre(compilados, relativa);
  return {
    patrones,
    ignorado,
    saltarDirectorio(relativa) {
      if (!ignorado(relativa)) return false;
      if (!hayExclusiones) return true;
      return !compilados.some((p) => p.exclusion && `${p.texto}/`.startsWith(`${relativa}/`));
    },
  };
}

/** PatternMatcher.MatchesOrParentMatches */
function coincideOPadre(patrones: Patron[], archivo: string): boolean {
  let ignorado = false;
  const padre = path.posix.dirname(archivo);
  const partes = padre.split('/');
  for (const patron of patrones) {
    if (patron.exclusion !== ignorado) continue;
    let coincide = patron.regex.test(archivo);
    if (!coincide && padre !== '.') {
      for (let i = 0; i < partes.length && !coincide; i++)
        coincide = patron.regex.test(partes.slice(0, i + 1).join('/'));
    }
    if (coincide) ignorado = !patron.exclusion;
  }
  return ignorado;
}

/** Pattern.compile: the pattern as an anchored regular expression. */
function compilar(patron: string): RegExp {
  let regex = '^';
  for (let i = 0; i < patron.length; i++) {
    const c = patron[i]!;
    if (c === '*') {
      if (patron[i + 1] === '*') {
        i++;
        if (patron[i + 1] === '/') i++; // `**/` is `**`
        regex += i + 1 >= patron.length ? '.*' : '(.*/)?';
      } else {
        regex += '[^/]*';
      }
    } else if (c === '?') {
      regex += '[^/]';
    } else if (c === '\\') {
      if (i + 1 < patron.length) regex += `\\${patron[++i]}`;
      else regex += '\\\\';
    } else if (c === '[' || c === ']') {
      regex += c;
    } else {
      regex += c.replace(/[.+()|{}^$]/g, '\\$&');
    }
  }
  return new RegExp(`${regex}$`);
}
