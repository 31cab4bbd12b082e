#!/usr/bin/env node
// Only Postgres, for developing a service's integration tests: `node packages/entorno/dist/src/cli/postgres.js`.
import * as path from 'node:path';
import { postgres, urlPostgres } from '../componentes';
import { puertos } from '../puertos-locales';
import { Supervisor } from '../procesos/supervisor';
import { rutas } from '../rutas';
import { ejecutarCli, esperarSenal } from './ejecutar';

ejecutarCli(async () => {
  const p = puertos();
  const supervisor = new Supervisor(rutas.registros, 'postgres');
  await supervisor.iniciar(postgres(path.join(rutas.datos), p.postgres));
  console.log(`Postgres ready: ${urlPostgres(p.postgres)} (Ctrl-C stops it)`);
  await esperarSenal();
  await supervisor.detenerTodo();
});
