// Applies liquidacion's migrations and exits (Helm migration Job; main.ts also migrates unless MIGRAR_AL_INICIAR=false).
import { crearKnex, crearLogger, ErrorConfiguracion, migrar } from '@alpes/seedwork';
import { leerConfiguracionLiquidacion } from './configuracion';
import { MIGRACIONES } from './infraestructura/migraciones';

async function principal(): Promise<void> {
  const config = leerConfiguracionLiquidacion();
  const logger = crearLogger({ servicio: 'liquidacion', nivel: config.nivelLog });
  const knex = crearKnex({
    url: config.urlBaseDatos,
    maximoConexiones: 1,
    nombreAplicacion: 'liquidacion-migrar',
  });
  try {
    logger.info('migraciones aplicadas', { aplicadas: await migrar(knex, MIGRACIONES) });
  } finally {
    await knex.destroy();
  }
}

principal().catch((error: unknown) => {
  console.error(error instanceof ErrorConfiguracion ? error.message : error);
  process.exit(1);
});
