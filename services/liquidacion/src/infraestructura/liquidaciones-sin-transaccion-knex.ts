// LiquidacionesSinTransaccion on Postgres: liquidarPago's one-statement steps outside any transaction,
// grouped across concurrent deliveries (seedwork's Agrupador, as pagos groups SolicitarPago's inserts): the
// step-1 reads of a group share one query, its new liquidaciones one INSERT, and the saves (step 3's, with
// or without the event's inbox row, and step 1's of a stored liquidacion) one UPDATE chain
// (sentencias-por-lote.ts). Each delivery gets its own outcome, as from its own statement. A failure one row
// can cause to the whole statement (SQLSTATE 22/23/40: a value Postgres cannot store, another writer's inbox
// row for the same event, a deadlock between two groups) redoes that group one entry per statement with the
// repository's single statements, so only that entry fails. Without grouping every call is its single statement.
import type { Knex } from 'knex';
import {
  Agrupador,
  desenlaceDe,
  ErrorConcurrencia,
  esFallaDeUnaFila,
  type DesenlaceEntrada,
  type ObservadorAgrupador,
  type OpcionesAgrupacion as OpcionesAgrupacionBase,
  type Transaccion,
} from '@alpes/seedwork';
import type { DatosLiquidacion, Liquidacion } from '../dominio';
import type { EventoAplicado, LecturaConInbox, LiquidacionesSinTransaccion } from '../aplicacion/puertos';
import type { Pendientes, RepositorioLiquidacionesKnex } from './repositorio-liquidaciones-knex';
import { guardarLote, insertarLote, leerLote, type LecturaDeLote } from './sentencias-por-lote';

/** The grouped statements, as metric labels. */
export type SentenciaAgrupada = 'lectura' | 'alta' | 'guardado';

/** How concurrent calls are grouped (each statement kind its own groups); without it, or with ventanaMs 0, none. */
export interface OpcionesAgrupacion extends Omit<OpcionesAgrupacionBase, 'observador'> {
  /** Told each group's size and each refusal, per statement kind (metrics). */
  observador?: (sentencia: SentenciaAgrupada) => ObservadorAgrupador;
}

type Guardado = 'guardada' | 'evento-ya-registrado';

/** A save waiting for its group: the aggregate and what it writes, fixed in the caller's context. */
interface Escritura {
  liquidacion: Liquidacion;
  datos: Readonly<DatosLiquidacion>;
  pendientes: Pendientes;
  evento?: EventoAplicado;
  contexto: { traceparent?: string };
}

export class LiquidacionesSinTransaccionKnex implements LiquidacionesSinTransaccion {
  private readonly lecturas: Agrupador<LecturaDeLote, LecturaConInbox> | undefined;
  private readonly altas: Agrupador<Escritura, void> | undefined;
  private readonly guardados: Agrupador<Escritura, Guardado> | undefined;
  /** The repository's single statements run on the pool: each commits on its own. */
  private readonly sesion: Transaccion;

  constructor(
    private readonly knex: Knex,
    private readonly repositorio: RepositorioLiquidacionesKnex,
    agrupacion?: OpcionesAgrupacion,
  ) {
    this.sesion = knex as unknown as Transaccion;
    if (agrupacion && agrupacion.ventanaMs > 0) {
      const { observador, ...opciones } = agrupacion;
      const agrupador = <E, R>(
        sentencia: SentenciaAgrupada,
        nombre: string,
        procesar: (lote: readonly E[]) => Promise<DesenlaceEntrada<R>[]>,
      ) => new Agrupador<E, R>({ ...opciones, nombre, procesar, observador: observador?.(sentencia) });
      this.lecturas = agrupador('lectura', 'lecturas de liquidaciones', (lote) => this.leerLote(lote));
      this.altas = agrupador('alta', 'liquidaciones nuevas', (lote) => this.insertarLote(lote));
      this.guardados = agrupador('guardado', 'liquidaciones guardadas', (lote) => this.guardarLote(lote));
    }
  }

  porIdPagoConInbox(idPago: string, evento: EventoAplicado): Promise<LecturaConInbox> {
    return this.lecturas
      ? this.lecturas.agregar({ idPago, evento })
      : this.repositorio.porIdPagoConInbox(this.sesion, idPago, evento);
  }

  async guardar(liquidacion: Liquidacion, contexto: { traceparent?: string } = {}): Promise<void> {
    if (!this.altas || !this.guardados) return this.repositorio.guardar(this.sesion, liquidacion, contexto);
    const escritura = this.escritura(liquidacion, contexto);
    if (escritura.datos.version === 0) return this.altas.agregar(escritura);
    await this.guardados.agregar(escritura); // no event: 'guardada' or ErrorConcurrencia
  }

  async guardarConInbox(
    liquidacion: Liquidacion,
    evento: EventoAplicado,
    contexto: { traceparent?: string } = {},
  ): Promise<Guardado> {
    if (!this.guardados) return this.repositorio.guardarConInbox(this.sesion, liquidacion, evento, contexto);
    if (liquidacion.version === 0) throw new Error('guardarConInbox: solo una liquidacion ya guardada');
    return this.guardados.agregar({ ...this.escritura(liquidacion, contexto), evento });
  }

  /** Graceful stop: what waits for its group is written now; resolves when every group is done. */
  async cerrar(): Promise<void> {
    await Promise.all([this.lecturas?.cerrar(), this.altas?.cerrar(), this.guardados?.cerrar()]);
  }

  /** Here, in the caller's context: the outbox messages carry its traceparent and get their ids. */
  private escritura(liquidacion: Liquidacion, contexto: { traceparent?: string }): Escritura {
    return {
      liquidacion,
      datos: liquidacion.instantanea(),
      pendientes: this.repositorio.pendientes(liquidacion, contexto),
      contexto,
    };
  }

  private async leerLote(lote: readonly LecturaDeLote[]): Promise<DesenlaceEntrada<LecturaConInbox>[]> {
    let filas: Awaited<ReturnType<typeof leerLote>>;
    try {
      filas = await leerLote(this.knex, lote);
    } catch (error) {
      if (!esFallaDeUnaFila(error)) throw error;
      return Promise.all(
        lote.map((l) => desenlaceDe(this.repositorio.porIdPagoConInbox(this.sesion, l.idPago, l.evento))),
      );
    }
    return filas.map((fila) => ({
      valor: {
        liquidacion: fila.id === null ? undefined : this.repositorio.reconstituir(fila),
        eventoRegistrado: fila.evento_registrado,
      },
    }));
  }

  private async insertarLote(lote: readonly Escritura[]): Promise<DesenlaceEntrada<void>[]> {
    let insertadas: Set<string>;
    try {
      insertadas = await insertarLote(this.knex, lote);
    } catch (error) {
      if (!esFallaDeUnaFila(error)) throw error;
      return (await this.unaPorSentencia(lote)).map((d) => ('error' in d ? d : { valor: undefined }));
    }
    return lote.map((e): DesenlaceEntrada<void> => {
      if (!insertadas.has(e.datos.id)) {
        return {
          error: new ErrorConcurrencia(`otra entrega creo la liquidacion de ${e.datos.idPago}`, 'id_pago'),
        };
      }
      this.repositorio.confirmar(e.liquidacion, e.datos);
      return { valor: undefined };
    });
  }

  private async guardarLote(lote: readonly Escritura[]): Promise<DesenlaceEntrada<Guardado>[]> {
    let filas: Awaited<ReturnType<typeof guardarLote>>;
    try {
      filas = await guardarLote(this.knex, lote);
    } catch (error) {
      if (!esFallaDeUnaFila(error)) throw error;
      return this.unaPorSentencia(lote);
    }
    return lote.map((e, i): DesenlaceEntrada<Guardado> => {
      const { registrado, escrita } = filas[i]!;
      if (registrado) return { valor: 'evento-ya-registrado' };
      if (!escrita)
        return { error: new ErrorConcurrencia(`la liquidacion ${e.datos.id} cambio desde que se leyo`) };
      this.repositorio.confirmar(e.liquidacion, e.datos);
      return { valor: 'guardada' };
    });
  }

  /** The group again, one entry per statement (today's single statements): each gets its own outcome. */
  private unaPorSentencia(lote: readonly Escritura[]): Promise<DesenlaceEntrada<Guardado>[]> {
    const guardarUna = async (e: Escritura): Promise<Guardado> => {
      if (e.evento) return this.repositorio.guardarConInbox(this.sesion, e.liquidacion, e.evento, e.contexto);
      await this.repositorio.guardar(this.sesion, e.liquidacion, e.contexto);
      return 'guardada';
    };
    return Promise.all(lote.map((e) => desenlaceDe(guardarUna(e))));
  }
}
