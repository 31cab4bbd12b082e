// A process run through ejecutarServicio, for proceso-servicio.test.ts: what its fake service does is told by
// PRUEBA_CASO (configuracion: missing variable; arranque: start fails; lenta: detener never ends;
// fallo-al-detener; otherwise a clean stop). It prints "listo" on stdout once started and
// listening for signals.
import { ErrorConfiguracion } from '../../src/configuracion';
import { ejecutarServicio } from '../../src/servicio';

const caso = process.env.PRUEBA_CASO ?? '';

ejecutarServicio({
  nombre: 'prueba',
  leerConfiguracion: () => {
    if (caso === 'configuracion') throw new ErrorConfiguracion(['URL_PRUEBA no está definida']);
    return { nivelLog: 'info' as const };
  },
  iniciar: async () => {
    if (caso === 'arranque') throw new Error('puerto ocupado');
    setInterval(() => undefined, 1_000); // keeps the process alive, as a server would
    setImmediate(() => process.stdout.write('listo\n')); // after ejecutarServicio took the signals
    return {
      plazoDetencionMs: 100,
      detener: () => {
        if (caso === 'lenta') return new Promise<void>(() => undefined);
        if (caso === 'fallo-al-detener') return Promise.reject(new Error('pool ocupado'));
        return Promise.resolve();
      },
    };
  },
});
