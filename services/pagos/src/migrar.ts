// `npm run migrar -w services/pagos` (and the Kubernetes migration Job): applies pending migrations with
// the migration role (URL_BASE_DATOS_MIGRACION, owner of the schema) and exits.
import { leerConfiguracion, migrarConRolDeMigracion, URL_BASE_DATOS_MIGRACION } from '@alpes/seedwork';
import { MIGRACIONES_PAGOS } from './infraestructura/migraciones';

async function principal(): Promise<void> {
  const { urlMigracion } = leerConfiguracion({ urlMigracion: URL_BASE_DATOS_MIGRACION });
  const aplicadas = await migrarConRolDeMigracion(urlMigracion, MIGRACIONES_PAGOS, 'pagos-migrar');
  console.log(JSON.stringify({ nivel: 'info', servicio: 'pagos', msg: 'migraciones al día', aplicadas }));
}

principal().catch((error: unknown) => {
  process.stderr.write(`migrar falló: ${(error as Error).message}\n`);
  process.exit(1);
});
