// A pagos container on a throwaway Postgres database (migrated by the migration role, served by the
// DML-only service role), for integration tests. `bd.knex` (superuser) is for the tests' own checks.
import { asValue, type AwilixContainer } from 'awilix';
import {
  loggerNulo,
  migrarConRolDeMigracion,
  type Logger,
  type MensajeSaliente,
  type Publicador,
} from '@alpes/seedwork';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { leerConfiguracionPagos } from '../../src/configuracion';
import { crearContenedor, type Cradle } from '../../src/contenedor';
import { MIGRACIONES_PAGOS } from '../../src/infraestructura/migraciones';

/** Records what the relay would publish (the relay is not started unless a test does it). */
export class PublicadorGrabador implements Publicador {
  publicados: MensajeSaliente[] = [];
  async publicarLote(mensajes: MensajeSaliente[]): Promise<string[]> {
    this.publicados.push(...mensajes);
    return [];
  }
}

export interface EntornoPagos {
  bd: BaseDeDatosTemporal;
  contenedor: AwilixContainer<Cradle>;
  publicador: PublicadorGrabador;
  cerrar(): Promise<void>;
}

export async function entornoPagos(logger: Logger = loggerNulo): Promise<EntornoPagos> {
  const bd = await crearBaseDeDatosTemporal('pagos');
  // as in production: the migration role migrates, the container serves on the DML-only role
  await migrarConRolDeMigracion(bd.urlMigracion, MIGRACIONES_PAGOS, 'pagos-migrar');
  const contenedor = crearContenedor(
    leerConfiguracionPagos({
      URL_BASE_DATOS: bd.urlServicio,
      MIGRAR_AL_INICIAR: 'false',
      APP_API_TOKEN: 'token-app-de-prueba-0123456789',
      DAPR_API_TOKEN: 'token-dapr-de-prueba-0123456789',
    }),
    logger,
  );
  const publicador = new PublicadorGrabador();
  contenedor.register({ publicador: asValue(publicador) });
  return {
    bd,
    contenedor,
    publicador,
    async cerrar() {
      await contenedor.dispose();
      await bd.eliminar();
    },
  };
}

/** Rows of the outbox, oldest first. */
export async function filasOutbox(bd: BaseDeDatosTemporal) {
  return bd.knex('outbox').orderBy('secuencia').select('*');
}
