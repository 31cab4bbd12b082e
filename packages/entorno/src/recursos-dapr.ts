import * as fs from 'node:fs';
import * as path from 'node:path';
import { asegurarDir, rutas } from './rutas';

/**
 * components/ points at the default Pulsar port; when ports move (tests, ALPES_PUERTO_PULSAR) the
 * resources are copied with the broker address rewritten. Everything else stays as in components/.
 */
export function recursosDapr(destino: string, puertoPulsar: number): string {
  asegurarDir(destino);
  for (const archivo of fs.readdirSync(rutas.componentes)) {
    if (!archivo.endsWith('.yaml')) continue;
    const texto = fs.readFileSync(path.join(rutas.componentes, archivo), 'utf8');
    fs.writeFileSync(
      path.join(destino, archivo),
      texto.replace(/127\.0\.0\.1:6650/g, `127.0.0.1:${puertoPulsar}`),
    );
  }
  return destino;
}
