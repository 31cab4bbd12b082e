// Starts the PSP stand-in. Env: PUERTO (default 4010; 0 picks a free port, printed in the first log
// line as `puerto`), HOST_ESCUCHA (default 127.0.0.1; 0.0.0.0 in a pod), NIVEL_LOG, CREDENCIAL
// (optional: payout calls must carry it as a bearer token).
import type { AddressInfo } from 'node:net';
import {
  crearLogger,
  enumerado,
  ErrorConfiguracion,
  hostEscucha,
  leerConfiguracion,
  NIVELES_LOG,
  puerto,
  texto,
  type NivelLog,
} from '@alpes/seedwork';
import { Pasarela } from './pasarela';
import { crearServidorPasarela } from './servidor-http';

function main() {
  const config = leerConfiguracion({
    puerto: puerto('PUERTO', { porDefecto: 4010 }),
    hostEscucha: hostEscucha(),
    nivelLog: enumerado<NivelLog>('NIVEL_LOG', NIVELES_LOG, { porDefecto: 'info' }),
    credencial: texto('CREDENCIAL', { porDefecto: '' }),
  });
  const log = crearLogger({ servicio: 'pasarela-simulada', nivel: config.nivelLog });
  const servidor = crearServidorPasarela(new Pasarela(), log, { credencial: config.credencial });
  servidor.on('error', (error) => {
    log.error('la pasarela no pudo escuchar', { error, puerto: config.puerto });
    process.exit(1);
  });
  servidor.listen(config.puerto, config.hostEscucha, () => {
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
  console.error(error instanceof ErrorConfiguracion ? error.message : error);
  process.exit(1);
}
