// The chart reads the names from its own copy of packages/contratos/topicos.json, because helm's
// .Files only sees files inside the chart. These keep the copy identical to the source.
import * as fs from 'node:fs';
import { raizRepositorio, rutasChart } from './raiz';

export function topicosSincronizados(raiz: string = raizRepositorio()): boolean {
  const { copiaTopicos, topicosFuente } = rutasChart(raiz);
  return fs.existsSync(copiaTopicos) && fs.readFileSync(copiaTopicos).equals(fs.readFileSync(topicosFuente));
}

/** Copies packages/contratos/topicos.json into the chart; returns true when it changed something. */
export function sincronizarTopicos(raiz: string = raizRepositorio()): boolean {
  if (topicosSincronizados(raiz)) return false;
  const { copiaTopicos, topicosFuente } = rutasChart(raiz);
  fs.copyFileSync(topicosFuente, copiaTopicos);
  return true;
}
