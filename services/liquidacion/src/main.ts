// liquidacion process: reads the environment (see configuracion.ts), starts, and shuts down gracefully on SIGTERM/SIGINT.
import { crearLogger, ErrorConfiguracion } from '@alpes/seedwork';
import { leerConfiguracionLiquidacion, type ConfiguracionLiquidacion } from './configuracion';
import { iniciarServicio } from './servicio';

async function main(): Promise<void> {
  let config: ConfiguracionLiquidacion;
  try {
    config = leerConfiguracionLiquidacion();
  } catch (error) {
    if (!(error instanceof ErrorConfiguracion)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const logger = crearLogger({ servicio: 'liquidacion', nivel: config.nivelLog });
  process.on('unhandledRejection', (error) => logger.error('promesa rechazada sin manejar', { error }));
  let servicio;
  try {
    servicio = await iniciarServicio(config, logger);
  } catch (error) {
    logger.error('liquidacion no pudo iniciar', { error });
    process.exit(1);
  }
  let deteniendo = false;
  const detener = (senal: string) => {
    if (deteniendo) return;
    deteniendo = true;
    logger.info('deteniendo liquidacion', { senal });
    servicio.detener().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('fallo al detener', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => detener('SIGTERM'));
  process.once('SIGINT', () => detener('SIGINT'));
}

void main();
