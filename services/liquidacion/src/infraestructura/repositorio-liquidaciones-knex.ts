// Liquidaciones on Postgres with optimistic concurrency (version column); new attempts and pending
// events (outbox) are written in the caller's transaction.
import {
  ErrorConcurrencia,
  escribirEnOutbox,
  knexDe,
  type GeneradorIds,
  type Transaccion,
} from '@alpes/seedwork';
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

export class RepositorioLiquidacionesKnex implements RepositorioLiquidaciones {
  /** Attempts already stored per loaded aggregate: only newer ones are inserted on save. */
  private readonly intentosGuardados = new WeakMap<Liquidacion, number>();

  constructor(private readonly generadorIds: GeneradorIds) {}

  async porIdPago(tx: Transaccion, idPago: string): Promise<Liquidacion | undefined> {
    const k = knexDe(tx);
    const fila = (await k(TABLA_LIQUIDACIONES).where({ id_pago: idPago }).first()) as
      FilaLiquidacion | undefined;
    if (!fila) return undefined;
    const intentos = (await k(TABLA_INTENTOS)
      .where({ id_liquidacion: fila.id })
      .orderBy('numero')) as FilaIntento[];
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
    const columnas = {
      estado: d.estado,
      referencia_pasarela: d.referenciaPasarela,
      motivo: d.motivo,
      intento_pago: d.intentoPago,
      actualizada_en: d.actualizadaEn,
      version: nuevaVersion,
    };
    if (d.version === 0) {
      // ON CONFLICT keeps the transaction usable; the caller retries and finds the other writer's row.
      const insertadas = await k(TABLA_LIQUIDACIONES)
        .insert({
          ...columnas,
          id: d.id,
          id_pago: d.idPago,
          id_influencer: d.idInfluencer,
          moneda: d.monto.moneda,
          unidades_menores: d.monto.unidadesMenores.toString(),
          id_correlacion: d.idCorrelacion,
          creada_en: d.creadaEn,
        })
        .onConflict('id_pago')
        .ignore()
        .returning('id');
      if (insertadas.length === 0)
        throw new ErrorConcurrencia(`otra entrega creo la liquidacion de ${d.idPago}`, 'id_pago');
    } else {
      const actualizadas = await k(TABLA_LIQUIDACIONES)
        .where({ id: d.id, version: d.version })
        .update(columnas);
      if (actualizadas === 0) throw new ErrorConcurrencia(`la liquidacion ${d.id} cambio desde que se leyo`);
    }
    const nuevos = d.intentos.slice(this.intentosGuardados.get(liquidacion) ?? 0);
    if (nuevos.length > 0) await k(TABLA_INTENTOS).insert(nuevos.map((i) => aFilaIntento(d.id, i)));
    const mensajes = liquidacion
      .extraerEventos()
      .map((e) => aMensajeSaliente(e, this.generadorIds.nuevo(), contexto.traceparent));
    await escribirEnOutbox(tx, mensajes);
    liquidacion.confirmarVersion(nuevaVersion);
    this.intentosGuardados.set(liquidacion, d.intentos.length);
  }
}
