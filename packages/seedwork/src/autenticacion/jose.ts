// jose ships only as an ES module and this package compiles to CommonJS: it is loaded with a native
// dynamic import (module Node16 keeps import() as it is), once, and its types in import mode.
export type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });

let carga: Promise<Jose> | undefined;

/** The jose module (loaded on first use). */
export function jose(): Promise<Jose> {
  carga ??= import('jose');
  return carga;
}
