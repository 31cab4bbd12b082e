// The anchors after the system's phases: the services are stopped first (Postgres and Pulsar stay up,
// idle), so each ceiling has the box the system had, minus the system's own processes.
import { NOMBRES } from '@alpes/contratos';
import type { EntornoDePrueba } from '@alpes/entorno';
import type { OpcionesBench } from '../argumentos';
import type { Contexto } from '../medicion';
import { medirEco } from './eco-grpc';
import { medirEntregaDapr } from './entrega-dapr';
import type { Anclas } from './modelo';
import { medirTechoPostgres } from './techo-postgres';

/** The system's processes besides Postgres and Pulsar, in the order they are stopped. */
export const SERVICIOS_DEL_SISTEMA = [
  `daprd-${NOMBRES.appIds.liquidacion}`,
  NOMBRES.appIds.liquidacion,
  `daprd-${NOMBRES.appIds.pagos}`,
  NOMBRES.appIds.pagos,
  'pasarela-simulada',
];

export async function medirAnclas(
  ctx: Contexto,
  entorno: EntornoDePrueba,
  o: OpcionesBench,
  conSistema: boolean,
): Promise<Anclas> {
  if (conSistema) {
    ctx.progreso('anclas: deteniendo pagos, liquidacion, sus daprd y la pasarela…');
    for (const nombre of SERVICIOS_DEL_SISTEMA) await entorno.supervisor.detener(nombre);
  }
  const anclas: Anclas = {
    condiciones: conSistema
      ? 'medidas después de las fases del sistema, con pagos, liquidacion, sus daprd y la pasarela detenidos; Postgres y Pulsar arriba y ociosos'
      : 'medidas sin el sistema (--fases solo de anclas): Postgres y Pulsar arriba y ociosos, ningún servicio',
    eco: [],
    postgres: null,
    dapr: null,
  };
  if (o.fases.includes('eco')) {
    anclas.eco = await medirEco(ctx, entorno.supervisor, {
      concurrencias: o.concurrencias,
      duracionS: o.duracionAnclasS,
      calentamientoS: o.calentamientoS,
      plazoRpcMs: o.plazoRpcMs,
    });
  }
  if (o.fases.includes('postgres')) {
    anclas.postgres = await medirTechoPostgres(ctx, entorno.urlPostgresAdmin, {
      lote: o.lotePostgres,
      clientes: o.clientesPostgres,
      duracionS: o.duracionAnclasS,
    });
  }
  if (o.fases.includes('dapr')) {
    anclas.dapr = await medirEntregaDapr(ctx, entorno, {
      lote: o.loteDapr,
      publicadores: o.publicadoresDapr,
      loteEntrega: o.loteEntregaDapr,
      duracionS: o.duracionAnclasS,
      plazoS: o.plazoAsentamientoS,
    });
  }
  return anclas;
}
