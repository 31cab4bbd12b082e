import type { Knex } from 'knex';
import {
  ErrorConcurrencia,
  aJsonOutbox,
  sqlInsertarOutbox,
  contextoActual,
  escribirEnOutbox,
  esViolacionUnica,
  knexDe,
  type Transaccion,
} from '@alpes/seedwork';
import { Pago } from '../dominio';
import type { RepositorioPagos } from '../aplicacion/puertos';
import { COLUMNAS_PAGO, aFila, deFila, type FilaPago, type FilaTransicion } from './filas';
import { aMensajes } from './mapeo-eventos';

/** RepositorioPagos on Postgres: optimistic concurrency on `version`, history and outbox in the same tx. */
export class RepositorioPagosKnex implements RepositorioPagos {
  constructor(private readonly knex: Knex) {}

  async agregarSiClaveLibre(pago: Pago): Promise<boolean> {
    const estado = pago.instantanea();
    if (estado.version !== 0) throw new Error('agregarSiClaveLibre es solo para pagos nuevos');
    const eventos = pago.eventosPendientes;
    const fila = aFila(estado, 1);
    const primero = estado.historial.length - eventos.length;
    const historial = eventos.map((e, i) => ({
      orden: primero + i,
      desde: e.desde,
      hacia: e.hacia,
      motivo: e.motivo,
      ocurrido_en: e.ocurridoEn.toISOString(),
    }));
    const traceparent = contextoActual().traceparent as string | undefined;
    const mensajes = eventos.flatMap((e) => aMensajes(e, traceparent));
    const columnas = Object.keys(fila);
    const { rows } = await this.knex.raw(
      `WITH nuevo AS (
         INSERT INTO pagos (${columnas.join(', ')}) VALUES (${columnas.map(() => '?').join(', ')})
         ON CONFLICT (clave_idempotencia) DO NOTHING
         RETURNING id
       ), historial AS (
         INSERT INTO pagos_historial (id_pago, orden, desde, hacia, motivo, ocurrido_en)
         SELECT nuevo.id, h.orden, h.desde, h.hacia, h.motivo, h.ocurrido_en
         FROM nuevo, jsonb_to_recordset(?::jsonb) AS h(orden int, desde text, hacia text, motivo text, ocurrido_en timestamptz)
       ), eventos AS (${sqlInsertarOutbox('nuevo')})
       SELECT count(*)::int AS insertados FROM nuevo`,
      [...Object.values(fila), JSON.stringify(historial), aJsonOutbox(mensajes)],
    );
    if ((rows as { insertados: number }[])[0]!.insertados === 0) return false;
    pago.extraerEventos();
    pago.confirmarVersion(1);
    return true;
  }

  async porId(tx: Transaccion, id: string): Promise<Pago | undefined> {
    return this.cargar(tx, { id });
  }

  async porClaveIdempotencia(tx: Transaccion, clave: string): Promise<Pago | undefined> {
    return this.cargar(tx, { clave_idempotencia: clave });
  }

  async guardar(tx: Transaccion, pago: Pago): Promise<void> {
    const k = knexDe(tx);
    const estado = pago.instantanea();
    const nuevaVersion = estado.version + 1;
    const fila = aFila(estado, nuevaVersion);
    if (estado.version === 0) {
      try {
        await k('pagos').insert(fila);
      } catch (error) {
        if (esViolacionUnica(error)) {
          throw new ErrorConcurrencia(
            `otra solicitud con la clave ${estado.claveIdempotencia} se guardó antes`,
            'clave_idempotencia',
          );
        }
        throw error;
      }
    } else {
      const { id: _id, creado_en: _creado, clave_idempotencia: _clave, ...cambios } = fila;
      const filas = await k('pagos').where({ id: estado.id, version: estado.version }).update(cambios);
      if (filas === 0) throw new ErrorConcurrencia(`el pago ${estado.id} cambió desde que se leyó`);
    }
    const eventos = pago.extraerEventos();
    const primero = estado.historial.length - eventos.length;
    if (eventos.length > 0) {
      await k('pagos_historial').insert(
        eventos.map((e, i) => ({
          id_pago: estado.id,
          orden: primero + i,
          desde: e.desde,
          hacia: e.hacia,
          motivo: e.motivo,
          ocurrido_en: e.ocurridoEn,
        })),
      );
    }
    const traceparent = contextoActual().traceparent as string | undefined;
    await escribirEnOutbox(
      tx,
      eventos.flatMap((e) => aMensajes(e, traceparent)),
    );
    pago.confirmarVersion(nuevaVersion);
  }

  private async cargar(tx: Transaccion, donde: Partial<FilaPago>): Promise<Pago | undefined> {
    const k = knexDe(tx);
    const fila = (await k('pagos').select(COLUMNAS_PAGO).where(donde).first()) as FilaPago | undefined;
    if (!fila) return undefined;
    const historial = (await k('pagos_historial')
      .where('id_pago', fila.id)
      .orderBy('orden')
      .select('*')) as FilaTransicion[];
    return Pago.reconstituir(deFila(fila, historial));
  }
}
