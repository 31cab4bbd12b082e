// A service's two database URLs: it serves with URL_BASE_DATOS, a role that can only read and write
// rows, and migrates with URL_BASE_DATOS_MIGRACION, the role that owns the schema. Neither has a
// default: a pod without its Secret stops at start naming the variable, it never guesses a server.
import { booleano, url, type Variable } from './configuracion';

const POSTGRES = ['postgres:', 'postgresql:'];
// both URLs carry a password: an invalid value is never echoed in the error (Variable.oculto)

/** URL_BASE_DATOS: the service role (SELECT/INSERT/UPDATE/DELETE only). */
export const URL_BASE_DATOS: Variable<string> = {
  ...url('URL_BASE_DATOS', { protocolos: POSTGRES }),
  oculto: true,
  esperado: 'la URL postgres://… del rol del servicio (solo lectura y escritura de filas)',
};

/** URL_BASE_DATOS_MIGRACION, required: the migration role (owner of tables, sequences, functions). */
export const URL_BASE_DATOS_MIGRACION: Variable<string> = {
  ...url('URL_BASE_DATOS_MIGRACION', { protocolos: POSTGRES }),
  oculto: true,
  esperado: 'la URL postgres://… del rol de migración (dueño del esquema)',
};

const MIGRAR_AL_INICIAR = booleano('MIGRAR_AL_INICIAR', { porDefecto: true });

/** The database part of a service's schema, as its type (the migration URL is '' when not needed). */
export const ESQUEMA_BASE_DATOS = {
  urlBaseDatos: URL_BASE_DATOS,
  migrarAlIniciar: MIGRAR_AL_INICIAR,
  urlBaseDatosMigracion: { ...URL_BASE_DATOS_MIGRACION, porDefecto: '' } as Variable<string>,
};

/**
 * ESQUEMA_BASE_DATOS for `entorno`: URL_BASE_DATOS_MIGRACION is required exactly when the service
 * migrates at start (MIGRAR_AL_INICIAR true, its default), and then only used for migrating.
 */
export function esquemaBaseDatos(entorno: Record<string, string | undefined>): typeof ESQUEMA_BASE_DATOS {
  const crudo = entorno[MIGRAR_AL_INICIAR.nombre]?.trim();
  // an invalid MIGRAR_AL_INICIAR is reported by its own variable; meanwhile assume the default
  const migra = crudo ? (MIGRAR_AL_INICIAR.analizar(crudo) ?? true) : true;
  if (!migra) return ESQUEMA_BASE_DATOS;
  return {
    ...ESQUEMA_BASE_DATOS,
    urlBaseDatosMigracion: {
      ...URL_BASE_DATOS_MIGRACION,
      esperado: `${URL_BASE_DATOS_MIGRACION.esperado}, necesaria porque MIGRAR_AL_INICIAR=true (por defecto; false si un Job migra)`,
    },
  };
}
