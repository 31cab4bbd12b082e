// RepositorioPagos on Postgres. Every write is ONE statement (pago row + its new history rows + its outbox
// rows, chained by CTEs), so it is atomic on its own and costs one round trip; every load is one query
// (history aggregated as JSON). Optimistic concurrency: an update matches the version that was loaded.
import type { Knex } from 'knex';
import {
  ErrorConcurrencia,
  contextoActual,
  cteOutbox,
  knexDe,
  type MensajeSaliente,
  type Transaccion,
} from '@alpes/seedwork';
import { Pago } from '../dominio';
import type { RepositorioPagos } from '../aplicacion/puertos';
import { COLUMNAS_PAGO, HISTORIAL_JSON, aFila, deFilaConHistorial, type FilaPagoConHistorial } from './filas';
import { aMensajesSalientes } from './eventos-salientes';

const INSERTAR_HISTORIAL = (
  cte: string,
) => `INSERT INTO pagos_historial (id_pago, orden, desde, hacia, motivo, ocurrido_en)
  SELECT ${cte}.id, h.orden, h.desde, h.hacia, h.motivo, h.ocurrido_en
  FROM ${cte}, jsonb_to_recordset(?::jsonb) AS h(orden int, desde text, hacia text, motivo text, ocurrido_en timestamptz)`;

export class RepositorioPagosKnex implements RepositorioPagos {
  constructor(private readonly knex: Knex) {}

  porId(tx: Transaccion, id: string): Promise<Pago | undefined> {
    return this.cargar(knexDe(tx), 'id', id);
  }

  porClaveIdempotencia(tx: Transaccion, clave: string): Promise<Pago | undefined> {
    return this.cargar(knexDe(tx), 'clave_idempotencia', clave);
  }

  agregarSiClaveLibre(pago: Pago): Promise<boolean> {
    return this.insertar(this.knex, pago);
  }

  async guardar(tx: Transaccion, pago: Pago): Promise<void> {
    const k = knexDe(tx);
    const estado = pago.instantanea();
    if (estado.version === 0) {
      if (!(await this.insertar(k, pago))) {
        throw new ErrorConcurrencia(
          `otra solicitud con la clave ${estado.claveIdempotencia} se guardó antes`,
          'clave_idempotencia',
        );
      }
      return;
    }
    const { id, creado_en: _c, clave_idempotencia: _k, ...cambios } = aFila(estado, estado.version + 1);
    const columnas = Object.keys(cambios);
    const { historial, mensajes } = this.pendientes(pago);
    const outbox = cteOutbox('cambiado', mensajes);
    const { rows } = await k.raw(
      `WITH cambiado AS (
         UPDATE pagos SET ${columnas.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND version = ? RETURNING id
       ), historial AS (${INSERTAR_HISTORIAL('cambiado')})${outbox.sql}
       SELECT count(*)::int AS escritos FROM cambiado`,
      [...Object.values(cambios), id, estado.version, historial, ...outbox.valores],
    );
    if ((rows as { escritos: number }[])[0]!.escritos === 0) {
      throw new ErrorConcurrencia(`el pago ${id} cambió desde que se leyó`);
    }
    this.confirmar(pago, estado.version + 1);
  }

  /** Inserts a new pago unless its key is taken (then writes nothing and resolves false). */
  private async insertar(k: Knex | Knex.Transaction, pago: Pago): Promise<boolean> {
    const estado = pago.instantanea();
    if (estado.version !== 0) throw new Error('solo se insertan pagos nuevos');
    const fila = aFila(estado, 1);
    const columnas = Object.keys(fila);
    const { historial, mensajes } = this.pendientes(pago);
    const outbox = cteOutbox('nuevo', mensajes);
    const { rows } = await k.raw(
      `WITH nuevo AS (
         INSERT INTO pagos (${columnas.join(', ')}) VALUES (${columnas.map(() => '?').join(', ')})
         ON CONFLICT (clave_idempotencia) DO NOTHING
         RETURNING id
       ), historial AS (${INSERTAR_HISTORIAL('nuevo')})${outbox.sql}
       SELECT count(*)::int AS escritos FROM nuevo`,
      [...Object.values(fila), historial, ...outbox.valores],
    );
    if ((rows as { escritos: number }[])[0]!.escritos === 0) return false;
    this.confirmar(pago, 1);
    return true;
  }

  /** JSON binding of the transitions raised since load (history rows), and their outbox messages. */
  private pendientes(pago: Pago): { historial: string; mensajes: MensajeSaliente[] } {
    const eventos = pago.eventosPendientes;
    const primero = pago.historial.length - eventos.length;
    const traceparent = contextoActual().traceparent as string | undefined;
    return {
      historial: JSON.stringify(
        eventos.map((e, i) => ({
          orden: primero + i,
          desde: e.desde,
          hacia: e.hacia,
          motivo: e.motivo,
          ocurrido_en: e.ocurridoEn.toISOString(),
        })),
      ),
      mensajes: eventos.flatMap((e) => aMensajesSalientes(e, traceparent)),
    };
  }

  private confirmar(pago: Pago, version: number): void {
    pago.extraerEventos();
    pago.confirmarVersion(version);
  }

  private async cargar(
    k: Knex | Knex.Transaction,
    columna: string,
    valor: string,
  ): Promise<Pago | undefined> {
    const fila = (await k('pagos')
      .select([...COLUMNAS_PAGO, k.raw(HISTORIAL_JSON)])
      .where(columna, valor)
      .first()) as FilaPagoConHistorial | undefined;
    return fila && Pago.reconstituir(deFilaConHistorial(fila));
  }
}
