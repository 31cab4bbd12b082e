// A pagos container on a throwaway Postgres database (migrated by the migration role, served by the
// DML-only service role), for integration tests. `bd.knex` (superuser) is for the tests' own checks.
import type * as grpc from '@grpc/grpc-js';
import { asValue, type AwilixContainer } from 'awilix';
import { pagos } from '@alpes/contratos';
import {
  loggerNulo,
  migrarConRolDeMigracion,
  type Logger,
  type MensajeSaliente,
  type Publicador,
} from '@alpes/seedwork';
import {
  crearBaseDeDatosTemporal,
  llamar,
  servirEnPrueba,
  type BaseDeDatosTemporal,
} from '@alpes/seedwork/pruebas';
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
  /** How many rows `tabla` holds (read as the superuser). */
  contar(tabla: string): Promise<number>;
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
    contar: async (tabla) => Number((await bd.knex(tabla).count({ n: '*' }))[0]!.n),
    async cerrar() {
      await contenedor.dispose();
      await bd.eliminar();
    },
  };
}

/** entornoPagos with its API served in plaintext (no credential check) and a generated client. */
export interface ApiPagosEnPrueba extends EntornoPagos {
  cliente: pagos.PagosServiceClient;
  direccion: string;
  solicitar(
    req: Partial<pagos.SolicitarPagoRequest>,
    md?: grpc.Metadata,
  ): Promise<pagos.SolicitarPagoResponse>;
}

export async function apiPagosEnPrueba(): Promise<ApiPagosEnPrueba> {
  const e = await entornoPagos();
  const { cliente, direccion, detener } = await servirEnPrueba(
    e.contenedor.cradle.api,
    pagos.PagosServiceClient,
  );
  return {
    ...e,
    cliente,
    direccion,
    solicitar: (req, md) =>
      llamar(cliente, cliente.solicitarPago, pagos.SolicitarPagoRequest.fromPartial(req), md),
    async cerrar() {
      await detener();
      await e.cerrar();
    },
  };
}

/** Rows of the outbox, oldest first. */
export async function filasOutbox(bd: BaseDeDatosTemporal) {
  return bd.knex('outbox').orderBy('secuencia').select('*');
}
