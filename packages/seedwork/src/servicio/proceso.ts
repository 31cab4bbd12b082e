// A service's process, the same for every service: reads its configuration, starts it, and stops it
// gracefully on SIGTERM/SIGINT. Exit codes: 2 when the configuration is wrong (each problem named on
// stderr, before anything starts); 1 when a start step fails, the stop fails or overruns its deadlines,
// or a promise is rejected unhandled; 0 after a clean stop. A service's main.ts only calls this.
import { ErrorConfiguracion } from '../configuracion';
import { crearLogger, type Logger, type NivelLog } from '../registro';

/** What the process needs of a service. */
export interface ProcesoServicio<C extends { nivelLog: NivelLog }> {
  /** The service ('pagos'): its log lines' `servicio` and the start error's first word. */
  nombre: string;
  /** Reads and validates the environment (throws ErrorConfiguracion naming each problem). */
  leerConfiguracion(): C;
  /** Starts it; `plazoDetencionMs` is how long its detener() may take by its own deadlines. */
  iniciar(config: C, logger: Logger): Promise<{ plazoDetencionMs: number; detener(): Promise<void> }>;
}

/** Past the stop's own deadlines, the process is ended anyway (a stop that hangs must not block a rollout). */
export const MARGEN_DETENCION_MS = 5_000;

/** Runs the service as this process (see the file comment for its exit codes). */
export function ejecutarServicio<C extends { nivelLog: NivelLog }>(proceso: ProcesoServicio<C>): void {
  let logger: Logger | undefined;
  const iniciar = async () => {
    const config = proceso.leerConfiguracion();
    const registro = crearLogger({ servicio: proceso.nombre, nivel: config.nivelLog });
    logger = registro;
    process.on('unhandledRejection', (error) => {
      // state nobody handled: end as Node would, with the reason in the service's own log format
      registro.error('promesa rechazada sin manejar', { error });
      process.exit(1);
    });
    const servicio = await proceso.iniciar(config, registro);
    detenerAlRecibirSenal(servicio, registro);
  };
  iniciar().catch((error: unknown) => {
    process.exit(informarFallo(proceso.nombre, 'iniciar', error, logger) === 'configuracion' ? 2 : 1);
  });
}

/**
 * Says why a service's process could not `accion` (start, migrate): a configuration error on stderr
 * with each problem it names, anything else in the service's log once there is one (else on stderr).
 * Returns which of the two it was, for the caller's exit code.
 */
export function informarFallo(
  nombre: string,
  accion: 'iniciar' | 'migrar',
  error: unknown,
  logger: Logger | undefined,
): 'configuracion' | 'otro' {
  if (error instanceof ErrorConfiguracion) {
    process.stderr.write(`${nombre} no puede ${accion}.\n${error.message}\n`);
    return 'configuracion';
  }
  if (logger) logger.error(`${nombre} no pudo ${accion}`, { error });
  else process.stderr.write(`${nombre} no pudo ${accion}: ${(error as Error)?.stack ?? String(error)}\n`);
  return 'otro';
}

function detenerAlRecibirSenal(
  servicio: { plazoDetencionMs: number; detener(): Promise<void> },
  logger: Logger,
): void {
  let deteniendo = false;
  const detener = (senal: string) => {
    if (deteniendo) return;
    deteniendo = true;
    logger.info('deteniendo', { senal });
    const forzar = setTimeout(() => {
      logger.error('la detención excedió su plazo; se termina el proceso', {
        plazo_ms: servicio.plazoDetencionMs + MARGEN_DETENCION_MS,
      });
      process.exit(1);
    }, servicio.plazoDetencionMs + MARGEN_DETENCION_MS);
    forzar.unref();
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
