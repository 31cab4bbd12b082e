#!/usr/bin/env node
// `npm start`: the whole system on this machine (DESIGN §7). Ctrl-C stops everything.
import { aprovisionarTodo } from '../aprovisionamiento';
import { servirControl } from '../procesos/control-http';
import { exigirPuertoLibre } from '../procesos/puerto-libre';
import { ARCHIVO_TOKEN_CONTROL, generarTokenControl } from '../procesos/token-control';
import { Supervisor } from '../procesos/supervisor';
import { puertos } from '../puertos-locales';
import { recursosDapr } from '../recursos-dapr';
import { DIR_ENTORNO, rutas } from '../rutas';
import { dirDatosDe, iniciarInfraestructura, iniciarServicios } from '../sistema';
import { generarTokensDapr, guardarTokensDapr } from '../tokens-dapr';
import { ejecutarCli, esperarSenal } from './ejecutar';
import * as path from 'node:path';

ejecutarCli(async () => {
  const p = puertos();
  const inicio = Date.now();
  await exigirPuertoLibre(p.control, 'process control API');
  await aprovisionarTodo();
  const supervisor = new Supervisor(rutas.registros, 'sistema');
  // Ctrl-C at any moment, also halfway through the start, stops everything started so far.
  void esperarSenal().then(async () => {
    process.stderr.write('\nstopping…\n');
    await supervisor.detenerTodo();
    process.stderr.write('stopped.\n');
    process.exit(0);
  });
  try {
    await iniciarInfraestructura(supervisor, p, dirDatosDe(DIR_ENTORNO));
    const recursos =
      p.pulsar === 6650 ? rutas.componentes : recursosDapr(path.join(DIR_ENTORNO, 'componentes'), p.pulsar);
    const tokens = generarTokensDapr();
    const archivoTokens = guardarTokensDapr(DIR_ENTORNO, tokens);
    await iniciarServicios(supervisor, p, { recursos, tokens });
    await servirControl(supervisor, p.control, generarTokenControl(DIR_ENTORNO));
    console.log(
      [
        '',
        `Alpes Partners payments is up (${((Date.now() - inicio) / 1000).toFixed(1)} s):`,
        `  pagos gRPC           127.0.0.1:${p.pagosGrpc}   (daprd gRPC ${p.pagosDaprGrpc}, HTTP ${p.pagosDaprHttp}; AppCallback ${p.pagosAppCallback})`,
        `  liquidacion gRPC     127.0.0.1:${p.liquidacionGrpc}   (daprd gRPC ${p.liquidacionDaprGrpc}, HTTP ${p.liquidacionDaprHttp}; AppCallback ${p.liquidacionAppCallback})`,
        `  Dapr API tokens      ${archivoTokens} (new every run; daprd's API wants dapr-api-token)`,
        `  API credential       npm run -s credencial (bearer token, every permission; -- --permisos a,b narrows it)`,
        `  pasarela-simulada    http://127.0.0.1:${p.pasarela}`,
        `  Pulsar               pulsar://127.0.0.1:${p.pulsar}  admin http://127.0.0.1:${p.pulsarAdmin}`,
        `  Postgres             127.0.0.1:${p.postgres} (alpes/alpes; databases pagos, liquidacion)`,
        `  metrics              http://127.0.0.1:${p.pagosMetricas}/metrics, http://127.0.0.1:${p.liquidacionMetricas}/metrics`,
        `  process control      http://127.0.0.1:${p.control}/procesos (bearer: ${path.join(DIR_ENTORNO, ARCHIVO_TOKEN_CONTROL)})`,
        `  logs                 ${rutas.registros}`,
        'Ctrl-C stops everything.',
      ].join('\n'),
    );
  } catch (e) {
    await supervisor.detenerTodo();
    throw e;
  }
});
