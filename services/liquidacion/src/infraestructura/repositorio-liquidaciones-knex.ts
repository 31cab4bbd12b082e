// Liquidaciones on Postgres with optimistic concurrency (version column). Round trips are what a settlement
// costs most (the bench's profiles: ~20% of liquidacion's CPU was the socket write of each query), so a load
// is ONE query (attempts aggregated as JSON) and a save is ONE statement: the liquidacion row, its new
// attempts and its outbox rows chained by CTEs, in the caller's transaction.
import { cteOutbox, ErrorConcurrencia, knexDe, type GeneradorIds, type Transaccion } from '@alpes/seedwork';
import type { Knex } from 'knex';
import { Liquidacion } from '../dominio';
import type { RepositorioLiquidaciones } from '../aplicacion/puertos';
import { aMensajeSaliente } from './eventos-salientes';
import {
  aDatos,
  aFilaIntento,
  TABLA_INTENTOS,
  TABLA_LIQUIDACIONES,
  type FilaIntento,
  type FilaLiquidacion,
} from './filas';

/** The attempts of the row, oldest first, as a JSON array (timestamps come back as strings). */
const INTENTOS_JSON = `(SELECT coalesce(json_agg(i ORDER BY i.numero), '[]'::json) FROM ${TABLA_INTENTOS} i
  WHERE i.id_liquidacion = ${TABLA_LIQUIDACIONES}.id) AS intentos`;

/** Inserts the attempts bound as JSON, only when `cte` returned the row (so a lost race writes nothing). */
const INSERTAR_INTENTOS = (cte: string) =>
  `INSERT INTO ${TABLA_INTENTOS} (id_liquidacion, numero, ocurrido_en, resultado, error, duracion_ms, intento_pago)
  SELECT ${cte}.id, i.numero, i.ocurrido_en, i.resultado, i.error, i.duracion_ms, i.intento_pago
  FROM ${cte}, jsonb_to_recordset(?::jsonb) AS i(numero int, ocurrido_en timestamptz, resultado text, error text,
    duracion_ms int, intento_pago int)`;

type FilaConIntentos = FilaLiquidacion & {
  intentos: (Omit<FilaIntento, 'ocurrido_en'> & { ocurrido_en: string })[];
};

export class RepositorioLiquidacionesKnex implements RepositorioLiquidaciones {
  /** Attempts already stored per loaded aggregate: only newer ones are inserted on save. */
  private readonly intentosGuardados = new WeakMap<Liquidacion, number>();

  constructor(private readonly generadorIds: GeneradorIds) {}

  async porIdPago(tx: Transaccion, idPago: string): Promise<Liquidacion | undefined> {
    const k = knexDe(tx);
    const fila = (await k(TABLA_LIQUIDACIONES)
      .select(`${TABLA_LIQUIDACIONES}.*`, k.raw(INTENTOS_JSON))
      .where({ id_pago: idPago })
      .first()) as FilaConIntentos | undefined;
    if (!fila) return undefined;
    const intentos = fila.intentos.map((i) => ({ ...i, ocurrido_en: new Date(i.ocurrido_en) }));
    const liquidacion = Liquidacion.reconstituir(aDatos(fila, intentos));
    this.intentosGuardados.set(liquidacion, intentos.length);
    return liquidacion;
  }

  async guardar(
    tx: Transaccion,
    liquidacion: Liquidacion,
    contexto: { traceparent?: string } = {},
  ): Promise<void> {
    const k = knexDe(tx);
    const d = liquidacion.instantanea();
    const nuevaVersion = d.version + 1;
    const columnas: Record<string, Knex.Value> = {
      estado: d.estado,
      referencia_pasarela: d.referenciaPasarela,
      motivo: d.motivo,
      intento_pago: d.intentoPago,
      actualizada_en: d.actualizadaEn,
      version: nuevaVersion,
    };
    const intentos = JSON.stringify(
      d.intentos.slice(this.intentosGuardados.get(liquidacion) ?? 0).map((i) => aFilaIntento(d.id, i)),
    );
    const outbox = cteOutbox(
      'fila',
      liquidacion.eventosPendientes.map((e) =>
        aMensajeSaliente(e, this.generadorIds.nuevo(), contexto.traceparent),
      ),
    );
    let fila: string;
    let valores: Knex.Value[];
    if (d.version === 0) {
      // ON CONFLICT keeps the transaction usable; the caller retries and finds the other writer's row.
      Object.assign(columnas, {
        id: d.id,
        id_pago: d.idPago,
        id_influencer: d.idInfluencer,
        moneda: d.monto.moneda,
        unidades_menores: d.monto.unidadesMenores.toString(),
        id_correlacion: d.idCorrelacion,
        creada_en: d.creadaEn,
      });
      const nombres = Object.keys(columnas);
      fila = `INSERT INTO ${TABLA_LIQUIDACIONES} (${nombres.join(', ')})
        VALUES (${nombres.map(() => '?').join(', ')}) ON CONFLICT (id_pago) DO NOTHING RETURNING id`;
      valores = Object.values(columnas);
    } else {
      const nombres = Object.keys(columnas);
      fila = `UPDATE ${TABLA_LIQUIDACIONES} SET ${nombres.map((c) => `${c} = ?`).join(', ')}
        WHERE id = ? AND version = ? RETURNING id`;
      valores = [...Object.values(columnas), d.id, d.version];
    }
    const { rows } = await k.raw(
      `WITH fila AS (${fila}),
       intentos AS (${INSERTAR_INTENTOS('fila')})${outbox.sql}
       SELECT count(*)::int AS escritas FROM fila`,
      [...valores, intentos, ...outbox.valores],
    );
    if ((rows as { escritas: number }[])[0]!.escritas === 0) {
      throw d.version === 0
        ? new ErrorConcurrencia(`otra entrega creo la liquidacion de ${d.idPago}`, 'id_pago')
        : new ErrorConcurrencia(`la liquidacion ${d.id} cambio desde que se leyo`);
    }
    liquidacion.extraerEventos();
    liquidacion.confirmarVersion(nuevaVersion);
    this.intentosGuardados.set(liquidacion, d.intentos.length);
  }
}
