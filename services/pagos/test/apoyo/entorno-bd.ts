// A pagos container on a throwaway Postgres database (migrated), for integration tests.
import { asValue, type AwilixContainer } from 'awilix';
import {
  crearBaseDeDatosTemporal,
  loggerNulo,
  migrar,
  type BaseDeDatosTemporal,
  type Logger,
  type MensajeSaliente,
  type Publicador,
} from '@alpes/seedwork';
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
  await migrar(bd.knex, MIGRACIONES_PAGOS);
  const contenedor = crearContenedor(
    leerConfiguracionPagos({
      URL_BASE_DATOS: bd.url,
      APP_API_TOKEN: 'token-app-de-prueba-0123456789',
      DAPR_API_TOKEN: 'token-dapr-de-prueba-0123456789',
    }),
    logger,
  );
  const publicador = new PublicadorGrabador();
  contenedor.register({ knex: asValue(bd.knex), publicador: asValue(publicador) });
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
