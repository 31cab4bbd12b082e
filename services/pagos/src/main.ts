// pagos process: reads the environment (see configuracion.ts), starts (servicio.ts), and shuts down
// gracefully on SIGTERM/SIGINT, forcing the exit if the shutdown overruns its deadline.
import { crearLogger, ErrorConfiguracion } from '@alpes/seedwork';
import { leerConfiguracionPagos } from './configuracion';
import { iniciarServicio } from './servicio';

async function main(): Promise<void> {
  const config = leerConfiguracionPagos();
  const logger = crearLogger({ servicio: 'pagos', nivel: config.nivelLog });
  const servicio = await iniciarServicio(config, logger);

  let apagando = false;
  const apagar = async (senal: string) => {
    if (apagando) return;
    apagando = true;
    logger.info('apagando', { senal });
    const forzar = setTimeout(
      () => {
        logger.error('el apagado excedió el plazo; se termina el proceso');
        process.exit(1);
      },
      config.plazoApagadoMs * 2 + 5_000,
    );
    forzar.unref();
    try {
      await servicio.detener();
      process.exitCode = 0;
    } catch (error) {
      logger.error('fallo al apagar', { error });
      process.exitCode = 1;
    }
  };
  process.once('SIGTERM', () => void apagar('SIGTERM'));
  process.once('SIGINT', () => void apagar('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ErrorConfiguracion) {
    process.stderr.write(`pagos no puede iniciar.\n${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`pagos no pudo iniciar: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
