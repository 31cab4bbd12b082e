import { execFileSync } from 'node:child_process';
import * as net from 'node:net';
import { ErrorEntorno } from '../errores';

/** Throws a clear error naming the port, its use and the process holding it. */
export async function exigirPuertoLibre(puerto: number, uso: string): Promise<void> {
  const libre = await new Promise<boolean>((resolve) => {
    const servidor = net.createServer();
    servidor.once('error', () => resolve(false));
    servidor.listen(puerto, '127.0.0.1', () => servidor.close(() => resolve(true)));
  });
  if (libre) return;
  throw new ErrorEntorno(
    `port ${puerto} (${uso}) is already taken${quienEscucha(puerto)}. Stop that process, ` +
      'or move this one with the ALPES_PUERTO_* variables (see README).',
  );
}

function quienEscucha(puerto: number): string {
  try {
    const salida = execFileSync('ss', ['-ltnpH', `sport = :${puerto}`], { encoding: 'utf8' }).trim();
    const proceso = /users:\(\("([^"]+)",pid=(\d+)/.exec(salida);
    return proceso ? ` by ${proceso[1]} (pid ${proceso[2]})` : '';
  } catch {
    return '';
  }
}

// whether a port listens is the same check tests use; one copy, in seedwork's test helpers
export { puertoAbierto } from '@alpes/seedwork/pruebas';
