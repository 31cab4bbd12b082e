#!/usr/bin/env node
// Full-length drills without `npm start`: the test system (ports + ALPES_DESPLAZAMIENTO_PRUEBAS,
// default 10000) with its control API, up until Ctrl-C. It prints the drill flags to use:
//   node packages/simulacros/dist/test/apoyo/levantar-sistema.js
//   node packages/simulacros/dist/src/main.js load <printed flags>
import { detenerEntornoDePrueba } from '@alpes/entorno';
import { cerrarControl, sistemaConControl } from './sistema-con-control';

async function principal(): Promise<void> {
  const detener = async () => {
    process.stderr.write('\ndeteniendo…\n');
    await cerrarControl();
    await detenerEntornoDePrueba();
    process.exit(0);
  };
  process.once('SIGINT', () => void detener());
  process.once('SIGTERM', () => void detener());
  try {
    const { banderas } = await sistemaConControl();
    process.stdout.write(`listo. banderas del simulacro:\n${banderas.join(' ')}\n`);
    setInterval(() => undefined, 60_000); // stay up until a signal (the control server is unref'd)
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    await detenerEntornoDePrueba();
    process.exit(1);
  }
}

void principal();
