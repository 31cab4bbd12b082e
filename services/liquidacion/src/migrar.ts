// Applies liquidacion's migrations with the migration role (URL_BASE_DATOS_MIGRACION, owner of the
// schema) and exits (Helm migration Job; main.ts also migrates unless MIGRAR_AL_INICIAR=false).
import {
  crearLogger,
  ErrorConfiguracion,
  leerConfiguracion,
  migrarConRolDeMigracion,
  URL_BASE_DATOS_MIGRACION,
} from '@alpes/seedwork';
import { ESQUEMA_CONFIGURACION } from './configuracion';
import { MIGRACIONES } from './infraestructura/migraciones';

async function principal(): Promise<void> {
  // only what migrating needs: the Job has no Dapr tokens, PSP settings nor the service role's URL
  const { nivelLog } = ESQUEMA_CONFIGURACION;
  const config = leerConfiguracion({ urlMigracion: URL_BASE_DATOS_MIGRACION, nivelLog });
  const logger = crearLogger({ servicio: 'liquidacion', nivel: config.nivelLog });
  const aplicadas = await migrarConRolDeMigracion(config.urlMigracion, MIGRACIONES, 'liquidacion-migrar');
  logger.info('migraciones aplicadas', { aplicadas });
}

principal().catch((error: unknown) => {
  console.error(error instanceof ErrorConfiguracion ? error.message : error);
  process.exit(1);
});
