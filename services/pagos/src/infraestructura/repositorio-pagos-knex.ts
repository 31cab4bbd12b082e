// RepositorioPagos on Postgres. Every write is ONE statement (pago row + its new history rows + its outbox
// rows, chained by CTEs), so it is atomic on its own and costs one round trip; every load is one query
// (history aggregated as JSON). Optimistic concurrency: an update matches the version that was loaded.
// New pagos may be grouped (group commit): concurrent agregarSiClaveLibre calls share one statement; loaded
// pagos may be saved many per statement (guardarVarios, cambios-por-lotes.ts).
import type { Knex } from 'knex';
import {
  Agrupador,
  ErrorConcurrencia,
  contextoActual,
  desenlaceDe,
  esFallaDeUnaFila,
  cteOutbox,
  knexDe,
  type DesenlaceEntrada,
  type MensajeSaliente,
  type OpcionesAgrupacion,
  type Transaccion,
} from '@alpes/seedwork';
import { Pago } from '../dominio';
import type { RepositorioPagos, ResultadoAgregar } from '../aplicacion/puertos';
import { COLUMNAS_PAGO, HISTORIAL_JSON, aFila, deFilaConHistorial, type FilaPagoConHistorial } from './filas';
import { aMensajesSalientes } from './eventos-salientes';
import { insertarLote, pagoNuevo, pagosPorClaves, type PagoNuevo } from './alta-por-lotes';
import { actualizarLote, pagosPorIdsBloqueados } from './cambios-por-lotes';

const INSERTAR_HISTORIAL = (
  cte: string,
) => `INSERT INTO pagos_historial (id_pago, orden, desde, hacia, motivo, ocurrido_en)
  SELECT ${cte}.id, h.orden, h.desde, h.hacia, h.motivo, h.ocurrido_en
  FROM ${cte}, jsonb_to_recordset(?::jsonb) AS h(orden int, desde text, hacia text, motivo text, ocurrido_en timestamptz)`;

export class RepositorioPagosKnex implements RepositorioPagos {
  private readonly agrupador: Agrupador<PagoNuevo, ResultadoAgregar> | undefined;

  constructor(
    private readonly knex: Knex,
    /** How new pagos are grouped; without it (or with ventanaMs 0) each is one statement of its own. */
    agrupacion?: OpcionesAgrupacion,
  ) {
    if (agrupacion && agrupacion.ventanaMs > 0) {
      this.agrupador = new Agrupador({
        ...agrupacion,
        nombre: 'solicitudes de pago',
        procesar: (lote) => this.agregarLote(lote),
      });
    }
  }

  porId(tx: Transaccion, id: string): Promise<Pago | undefined> {
    return this.cargar(knexDe(tx), 'id', id);
  }

  porClaveIdempotencia(tx: Transaccion, clave: string): Promise<Pago | undefined> {
    return this.cargar(knexDe(tx), 'clave_idempotencia', clave);
  }

  agregarSiClaveLibre(pago: Pago): Promise<ResultadoAgregar> {
    const nuevo = pagoNuevo(pago); // here, in the caller's context (its traceparent)
    return this.agrupador ? this.agrupador.agregar(nuevo) : this.agregarUno(nuevo);
  }

  /** Graceful stop: the pagos waiting for their group are written now; resolves when every group is done. */
  cerrar(): Promise<void> {
    return this.agrupador?.cerrar() ?? Promise.resolve();
  }

  async guardar(tx: Transaccion, pago: Pago): Promise<void> {
    const k = knexDe(tx);
    const estado = pago.instantanea();
    if (estado.version === 0) {
      if (!(await this.insertar(k, pagoNuevo(pago)))) {
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

  porIds(tx: Transaccion, ids: readonly string[]): Promise<Map<string, Pago>> {
    return pagosPorIdsBloqueados(knexDe(tx), ids);
  }

  guardarVarios(tx: Transaccion, pagos: readonly Pago[]): Promise<void> {
    return actualizarLote(knexDe(tx), pagos);
  }

  /** One pago, one statement; when its key is taken, the pago holding it. */
  private async agregarUno(nuevo: PagoNuevo): Promise<ResultadoAgregar> {
    if (await this.insertar(this.knex, nuevo)) return { agregado: true };
    return { agregado: false, existente: await this.tomadaPor(nuevo.fila.clave_idempotencia) };
  }

  /**
   * A group: one statement inserts every pago whose key is free (one commit); then one query reads the
   * pagos holding the keys that were taken, before or by an earlier request of the same group. A failure
   * one row can cause sends the group one pago per statement, so that only that pago fails.
   */
  private async agregarLote(lote: readonly PagoNuevo[]): Promise<DesenlaceEntrada<ResultadoAgregar>[]> {
    let insertados: Set<string>;
    try {
      insertados = await insertarLote(this.knex, lote);
    } catch (error) {
      if (!esFallaDeUnaFila(error)) throw error;
      return Promise.all(lote.map((n) => desenlaceDe(this.agregarUno(n))));
    }
    for (const n of lote) if (insertados.has(n.fila.id)) this.confirmar(n.pago, 1);
    const tomadas = [
      ...new Set(lote.filter((n) => !insertados.has(n.fila.id)).map((n) => n.fila.clave_idempotencia)),
    ];
    // a failed read fails only the callers whose key was taken: the others' pagos are committed
    const existentes =
      tomadas.length > 0 ? await desenlaceDe(pagosPorClaves(this.knex, tomadas)) : { valor: new Map() };
    return lote.map((n): DesenlaceEntrada<ResultadoAgregar> => {
      if (insertados.has(n.fila.id)) return { valor: { agregado: true } };
      if ('error' in existentes) return existentes;
      const fila = existentes.valor.get(n.fila.clave_idempotencia);
      if (!fila) return { error: claveSinPago(n.fila.clave_idempotencia) };
      return { valor: { agregado: false, existente: Pago.reconstituir(deFilaConHistorial(fila)) } };
    });
  }

  /** The pago holding `clave`, which an insert just found taken. */
  private async tomadaPor(clave: string): Promise<Pago> {
    const existente = await this.cargar(this.knex, 'clave_idempotencia', clave);
    if (!existente) throw claveSinPago(clave);
    return existente;
  }

  /** Inserts a new pago unless its key is taken (then writes nothing and resolves false). */
  private async insertar(k: Knex | Knex.Transaction, nuevo: PagoNuevo): Promise<boolean> {
    const { fila, historial, mensajes } = nuevo;
    const columnas = Object.keys(fila);
    const outbox = cteOutbox('nuevo', mensajes);
    const { rows } = await k.raw(
      `WITH nuevo AS (
         INSERT INTO pagos (${columnas.join(', ')}) VALUES (${columnas.map(() => '?').join(', ')})
         ON CONFLICT (clave_idempotencia) DO NOTHING
         RETURNING id
       ), historial AS (${INSERTAR_HISTORIAL('nuevo')})${outbox.sql}
       SELECT count(*)::int AS escritos FROM nuevo`,
      [
        ...Object.values(fila),
        JSON.stringify(historial.map((h) => ({ ...h, ocurrido_en: h.ocurrido_en.toISOString() }))),
        ...outbox.valores,
      ],
    );
    if ((rows as { escritos: number }[])[0]!.escritos === 0) return false;
    this.confirmar(nuevo.pago, 1);
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

function claveSinPago(clave: string): Error {
  return new Error(`la clave ${clave} está tomada pero no se encontró su pago`);
}
