// informes/<drill>-<timestamp>.json and .html, side by side.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderizarHtml } from './html';
import type { Informe } from './modelo';

export function sello(fecha: Date): string {
  return fecha.toISOString().replace(/[:.]/g, '-');
}

export function escribirInforme(dir: string, informe: Informe): { json: string; html: string } {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${informe.simulacro}-${sello(new Date(informe.inicio))}`);
  const json = `${base}.json`;
  const html = `${base}.html`;
  fs.writeFileSync(json, JSON.stringify(informe, null, 2));
  fs.writeFileSync(html, renderizarHtml(informe));
  return { json, html };
}
