// Starts the PSP stand-in: PUERTO (default 4010; 0 picks a free port, printed in the first log line).
import type { AddressInfo } from 'node:net';
import { Pasarela } from './pasarela';
import { crearServidorPasarela, type RegistroLog } from './servidor-http';

function leerPuerto(): number {
  const texto = process.env.PUERTO ?? '4010';
  const puerto = Number(texto);
  if (!/^\d+$/.test(texto) || puerto > 65535) {
    throw new Error(`PUERTO='${texto}' no es un puerto TCP (0..65535); ejemplo: PUERTO=4010`);
  }
  return puerto;
}

const log: RegistroLog = {
  info: (mensaje, campos) => escribir('info', mensaje, campos),
  error: (mensaje, campos) => escribir('error', mensaje, campos),
};

function escribir(nivel: string, mensaje: string, campos?: Record<string, unknown>) {
  const linea = {
    nivel,
    tiempo: new Date().toISOString(),
    servicio: 'pasarela-simulada',
    mensaje,
    ...campos,
  };
  process.stdout.write(JSON.stringify(linea) + '\n');
}

function main() {
  const puerto = leerPuerto();
  const servidor = crearServidorPasarela(new Pasarela(), log);
  servidor.listen(puerto, () => {
    log.info('pasarela escuchando', { puerto: (servidor.address() as AddressInfo).port });
  });
  const detener = (senal: string) => {
    log.info('deteniendo pasarela', { senal });
    servidor.close(() => process.exit(0));
    servidor.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGTERM', () => detener('SIGTERM'));
  process.once('SIGINT', () => detener('SIGINT'));
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
