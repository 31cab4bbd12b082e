// A service's migration entry point (`npm run migrar`, the chart's migration Job): applies pending
// migrations with the migration role (URL_BASE_DATOS_MIGRACION, owner of the schema) and exits. Only
// what migrating needs is read: the Job has no Dapr tokens nor the service role's URL. Exit codes: 0
// when the schema is up to date; 1 when the configuration is wrong (each problem named on stderr) or
// migrating fails (logged with its error).
import { URL_BASE_DATOS_MIGRACION } from '../configuracion-base-datos';
import { enumerado, leerConfiguracion } from '../configuracion';
import { migrarConRolDeMigracion, type Migracion } from '../infraestructura';
import { crearLogger, NIVELES_LOG, type Logger, type NivelLog } from '../registro';
import { informarFallo } from './proceso';

/** Runs the service's migrations as this process (see the file comment for its exit codes). */
export function ejecutarMigraciones(nombre: string, migraciones: Migracion[]): void {
  let logger: Logger | undefined;
  const migrarTodo = async () => {
    const config = leerConfiguracion({
      urlMigracion: URL_BASE_DATOS_MIGRACION,
      nivelLog: enumerado<NivelLog>('NIVEL_LOG', NIVELES_LOG, { porDefecto: 'info' }),
    });
    const registro = crearLogger({ servicio: nombre, nivel: config.nivelLog });
    logger = registro;
    const aplicadas = await migrarConRolDeMigracion(config.urlMigracion, migraciones, `${nombre}-migrar`);
    // the same line the service writes when it migrates at start
    registro.info('migraciones al día', { aplicadas });
  };
  migrarTodo().catch((error: unknown) => {
    informarFallo(nombre, 'migrar', error, logger);
    process.exit(1);
  });
}
