#!/usr/bin/env node
// `npm run -s credencial [-- --permisos a,b] [--duracion 3600]`: prints a bearer token (only the token,
// on stdout) valid against the local system, for scripts:
//   grpcurl -H "authorization: Bearer $(npm run -s credencial)" …
import { parseArgs } from 'node:util';
import { comoPermiso, TODOS_LOS_PERMISOS } from '@alpes/contratos';
import { asegurarClavesLocales, emitirTokenLocal } from '@alpes/seedwork';
import { ErrorEntorno } from '../errores';
import { ejecutarCli } from './ejecutar';

ejecutarCli(async () => {
  let valores;
  try {
    ({ values: valores } = parseArgs({
      options: { permisos: { type: 'string' }, duracion: { type: 'string', default: '3600' } },
      strict: true,
    }));
  } catch (e) {
    throw new ErrorEntorno(
      `${(e as Error).message}\nusage: npm run -s credencial [-- --permisos a,b] [--duracion <s>]`,
    );
  }
  const pedidos =
    valores.permisos === undefined
      ? [...TODOS_LOS_PERMISOS]
      : valores.permisos.split(',').map((p) => p.trim());
  const desconocidos = pedidos.filter((p) => !comoPermiso(p));
  if (desconocidos.length > 0 || pedidos.length === 0) {
    throw new ErrorEntorno(
      `unknown permission(s): ${desconocidos.join(', ') || '(none given)'}\nvalid permissions: ${TODOS_LOS_PERMISOS.join(', ')}`,
    );
  }
  const duracionS = Number(valores.duracion);
  if (!Number.isInteger(duracionS) || duracionS < 1 || duracionS > 86_400) {
    throw new ErrorEntorno(`--duracion ${valores.duracion}: expected whole seconds between 1 and 86400`);
  }
  asegurarClavesLocales(); // the same key pair `npm start` gives the services
  process.stdout.write(`${await emitirTokenLocal({ permisos: pedidos, duracionS })}\n`);
});
