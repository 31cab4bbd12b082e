import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
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
  const oyente = quienEscucha(puerto);
  const rango = rangoEfimero();
  const efimero = rango !== undefined && puerto >= rango[0] && puerto <= rango[1];
  throw new ErrorEntorno(
    oyente || !efimero
      ? `port ${puerto} (${uso}) is already taken${oyente}. Stop that process, ` +
          'or move this one with the ALPES_PUERTO_* variables (see README).'
      : `port ${puerto} (${uso}) is held by an outgoing connection: it lies in this host's ephemeral ` +
          `port range (${rango.join('-')}), from which the kernel picks connections' local ports. ` +
          'Choose ports outside it (ALPES_DESPLAZAMIENTO_PRUEBAS from 11000, or ALPES_PUERTO_*).',
  );
}

/** Linux's ip_local_port_range, or undefined where it cannot be read. */
function rangoEfimero(): [number, number] | undefined {
  try {
    const [desde, hasta] = fs
      .readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    return [Number(desde), Number(hasta)];
  } catch {
    return undefined;
  }
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
