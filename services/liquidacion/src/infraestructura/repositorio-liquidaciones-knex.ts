// Liquidaciones on Postgres with optimistic concurrency (version column). Round trips are what a settlement
// costs most (the bench's profiles: ~20% of liquidacion's CPU was the socket write of each query), so a load
// is ONE query (attempts aggregated as JSON; the event's inbox row too when asked) and a save is ONE
// statement: the liquidacion row, its new attempts, its outbox rows (and the event's inbox row, for
// guardarConInbox) chained by CTEs, in the caller's transaction or, being atomic, in none. The same
// operations outside any transaction, grouped across concurrent deliveries: liquidaciones-sin-transaccion-knex.ts.
import {
  cteOutbox,
  ErrorConcurrencia,
  knexDe,
  TABLA_INBOX,
  type GeneradorIds,
  type MensajeSaliente,
  type Transaccion,
} from '@alpes/seedwork';
import type { Knex } from 'knex';
import { Liquidacion, type DatosLiquidacion } from '../dominio';
import type { EventoAplicado, LecturaConInbox, RepositorioLiquidaciones } from '../aplicacion/puertos';
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
export const INTENTOS_JSON = `(SELECT coalesce(json_agg(i ORDER BY i.numero), '[]'::json) FROM ${TABLA_INTENTOS} i
  WHERE i.id_liquidacion = ${TABLA_LIQUIDACIONES}.id) AS intentos`;

/** Inserts the attempts bound as JSON, only when `cte` returned the row (so a lost race writes nothing). */
const INSERTAR_INTENTOS = (cte: string) =>
  `INSERT INTO ${TABLA_INTENTOS} (id_liquidacion, numero, ocurrido_en, resultado, error, duracion_ms, intento_pago)
  SELECT ${cte}.id, i.numero, i.ocurrido_en, i.resultado, i.error, i.duracion_ms, i.intento_pago
  FROM ${cte}, jsonb_to_recordset(?::jsonb) AS i(numero int, ocurrido_en timestamptz, resultado text, error text,
    duracion_ms int, intento_pago int)`;

/** Whether the inbox has the event bound as (id_evento, consumidor). */
const EVENTO_REGISTRADO = `EXISTS (SELECT 1 FROM ${TABLA_INBOX} WHERE id_evento = ? AND consumidor = ?)`;

export type FilaConIntentos = FilaLiquidacion & {
  intentos: (Omit<FilaIntento, 'ocurrido_en'> & { ocurrido_en: string })[];
};

/** SQL and its bindings, in order. */
interface Sentencia {
  sql: string;
  valores: Knex.Value[];
}

/** What a save writes besides the row: the attempts added since load and the pending events' messages. */
export interface Pendientes {
  intentos: FilaIntento[];
  mensajes: MensajeSaliente[];
}

/** The columns every save writes, at the version the row will have. */
function columnasActualizadas(d: DatosLiquidacion): Record<string, Knex.Value> {
  return {
    estado: d.estado,
    referencia_pasarela: d.referenciaPasarela,
    motivo: d.motivo,
    intento_pago: d.intentoPago,
    actualizada_en: d.actualizadaEn,
    version: d.version + 1,
  };
}

/** A new liquidacion's row. ON CONFLICT keeps the transaction usable; the caller retries and finds the other writer's row. */
function insertarFila(d: DatosLiquidacion): Sentencia {
  const columnas: Record<string, Knex.Value> = {
    ...columnasActualizadas(d),
    id: d.id,
    id_pago: d.idPago,
    id_influencer: d.idInfluencer,
    moneda: d.monto.moneda,
    unidades_menores: d.monto.unidadesMenores.toString(),
    id_correlacion: d.idCorrelacion,
    creada_en: d.creadaEn,
  };
  const nombres = Object.keys(columnas);
  return {
    sql: `INSERT INTO ${TABLA_LIQUIDACIONES} (${nombres.join(', ')})
      VALUES (${nombres.map(() => '?').join(', ')}) ON CONFLICT (id_pago) DO NOTHING RETURNING id`,
    valores: Object.values(columnas),
  };
}

/** A stored liquidacion's row, only if still at its loaded version (and `condicion`, SQL without bindings, holds). */
function actualizarFila(d: DatosLiquidacion, condicion?: string): Sentencia {
  const columnas = columnasActualizadas(d);
  return {
    sql: `UPDATE ${TABLA_LIQUIDACIONES} SET ${Object.keys(columnas)
      .map((c) => `${c} = ?`)
      .join(', ')}
      WHERE id = ? AND version = ?${condicion ? ` AND ${condicion}` : ''} RETURNING id`,
    valores: [...Object.values(columnas), d.id, d.version],
  };
}

/** A unique violation on the inbox: another writer committed the same event's row during our statement. */
export function esFilaDeInboxRepetida(error: unknown): boolean {
  const e = error as { code?: unknown; table?: unknown } | null;
  return e?.code === '23505' && e.table === TABLA_INBOX;
}

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
    return fila && this.reconstituir(fila);
  }

  async porIdPagoConInbox(tx: Transaccion, idPago: string, evento: EventoAplicado): Promise<LecturaConInbox> {
    // One row even without a liquidacion (its columns are then null): the inbox answer rides along.
    const { rows } = await knexDe(tx).raw(
      `SELECT ${EVENTO_REGISTRADO} AS evento_registrado,
        ${TABLA_LIQUIDACIONES}.*, ${INTENTOS_JSON}
      FROM (VALUES (1)) AS una_fila LEFT JOIN ${TABLA_LIQUIDACIONES} ON ${TABLA_LIQUIDACIONES}.id_pago = ?`,
      [evento.idEvento, evento.consumidor, idPago],
    );
    const fila = (rows as (FilaConIntentos & { evento_registrado: boolean })[])[0]!;
    return {
      liquidacion: fila.id === null ? undefined : this.reconstituir(fila),
      eventoRegistrado: fila.evento_registrado,
    };
  }

  /** The aggregate of a row read with INTENTOS_JSON; its attempts count as stored. */
  reconstituir(fila: FilaConIntentos): Liquidacion {
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
    const d = liquidacion.instantanea();
    const fila = d.version === 0 ? insertarFila(d) : actualizarFila(d);
    const despues = this.trasFila(liquidacion, contexto);
    const { rows } = await knexDe(tx).raw(
      `WITH fila AS (${fila.sql}), ${despues.sql}
       SELECT count(*)::int AS escritas FROM fila`,
      [...fila.valores, ...despues.valores],
    );
    if ((rows as { escritas: number }[])[0]!.escritas === 0) {
      throw d.version === 0
        ? new ErrorConcurrencia(`otra entrega creo la liquidacion de ${d.idPago}`, 'id_pago')
        : new ErrorConcurrencia(`la liquidacion ${d.id} cambio desde que se leyo`);
    }
    this.confirmar(liquidacion, d);
  }

  /**
   * One statement, so atomic without a transaction: the inbox row is inserted only from the updated row,
   * and the row is updated only when the snapshot has no inbox row. An inbox row committed by another
   * writer during the statement makes the INSERT fail (unique violation), which undoes the whole statement.
   */
  async guardarConInbox(
    tx: Transaccion,
    liquidacion: Liquidacion,
    evento: EventoAplicado,
    contexto: { traceparent?: string } = {},
  ): Promise<'guardada' | 'evento-ya-registrado'> {
    const d = liquidacion.instantanea();
    if (d.version === 0) throw new Error('guardarConInbox: solo una liquidacion ya guardada');
    const fila = actualizarFila(d, 'NOT (SELECT registrado FROM previo)');
    const despues = this.trasFila(liquidacion, contexto);
    let rows: unknown;
    try {
      ({ rows } = await knexDe(tx).raw(
        `WITH previo AS (SELECT ${EVENTO_REGISTRADO} AS registrado),
         fila AS (${fila.sql}),
         entrada AS (INSERT INTO ${TABLA_INBOX} (id_evento, consumidor) SELECT ?::text, ?::text FROM fila),
         ${despues.sql}
         SELECT (SELECT registrado FROM previo) AS registrado, (SELECT count(*)::int FROM fila) AS escritas`,
        [
          evento.idEvento,
          evento.consumidor,
          ...fila.valores,
          evento.idEvento,
          evento.consumidor,
          ...despues.valores,
        ],
      ));
    } catch (error) {
      if (!esFilaDeInboxRepetida(error)) throw error;
      throw new ErrorConcurrencia(`otra entrega registro el evento ${evento.idEvento} a la vez`);
    }
    const [{ registrado, escritas }] = rows as [{ registrado: boolean; escritas: number }];
    if (registrado) return 'evento-ya-registrado';
    if (escritas === 0) throw new ErrorConcurrencia(`la liquidacion ${d.id} cambio desde que se leyo`);
    this.confirmar(liquidacion, d);
    return 'guardada';
  }

  /** What saving `liquidacion` writes besides its row (the outbox messages get their ids here). */
  pendientes(liquidacion: Liquidacion, contexto: { traceparent?: string }): Pendientes {
    const d = liquidacion.instantanea();
    return {
      intentos: d.intentos
        .slice(this.intentosGuardados.get(liquidacion) ?? 0)
        .map((i) => aFilaIntento(d.id, i)),
      mensajes: liquidacion.eventosPendientes.map((e) =>
        aMensajeSaliente(e, this.generadorIds.nuevo(), contexto.traceparent),
      ),
    };
  }

  /** What a save writes after `fila` (its new attempts and its outbox rows), as CTEs and their bindings. */
  private trasFila(liquidacion: Liquidacion, contexto: { traceparent?: string }): Sentencia {
    const { intentos, mensajes } = this.pendientes(liquidacion, contexto);
    const outbox = cteOutbox('fila', mensajes);
    return {
      sql: `intentos AS (${INSERTAR_INTENTOS('fila')})${outbox.sql}`,
      valores: [JSON.stringify(intentos), ...outbox.valores],
    };
  }

  /**
   * After a save of the snapshot `guardada`: the events went out with it, the row is at the next version,
   * its attempts are stored.
   */
  confirmar(liquidacion: Liquidacion, guardada: DatosLiquidacion): void {
    liquidacion.extraerEventos();
    liquidacion.confirmarVersion(guardada.version + 1);
    this.intentosGuardados.set(liquidacion, guardada.intentos.length);
  }
}
