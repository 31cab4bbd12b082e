// Publishes outbox rows through the Publicador port.
// - Several replicas: each claim is `SELECT ... FOR UPDATE SKIP LOCKED` inside a transaction held while the
//   batch is published, so two relays never hold the same row; a crash rolls back and the row is published
//   again later (at-least-once; consumers dedupe on the CloudEvent id = row id).
// - Wakes on NOTIFY (LISTEN on a dedicated pg connection), with a slow poll as fallback. With
//   migracionOutboxDespierto, writers NOTIFY only while the relay says it is idle (outbox_relay.despierto
//   false): before sleeping it writes false and claims once more, so a row committed meanwhile is not
//   left waiting; when a claim finds rows again it writes true.
// - Under load it claims batches of up to `tamanoLote` rows and keeps claiming while batches come back full.
// - A published row is deleted in its claim's transaction; a failed publish is retried with exponential
//   backoff per row (intentos, proximo_intento_en).
import { Client } from 'pg';
import type { Knex } from 'knex';
import type { MensajeSaliente, Publicador } from '../mensajeria/puertos';
import type { Logger } from '../registro';
import type { Metricas } from '../metricas';
import { enSpanPublicacion } from '../trazas/span-publicacion';
import { CANAL_OUTBOX, TABLA_OUTBOX, TABLA_RELAY_DESPIERTO } from './outbox';
import { reclamar, type FilaOutbox } from './reclamo-outbox';

/** Options of RelayOutbox; only knex, publicador and logger are required. */
export interface OpcionesRelayOutbox {
  knex: Knex;
  publicador: Publicador;
  logger: Logger;
  /** Connection URL for LISTEN; without it the relay only polls. */
  urlBaseDatos?: string;
  /** Rows per claim (default 200). */
  tamanoLote?: number;
  /** Concurrent claim loops in this process (default 2: one claims while another publishes). */
  trabajadores?: number;
  /** Fallback poll when no NOTIFY arrives (default 5000 ms). */
  intervaloSondeoMs?: number;
  /** Backoff of a failed row: inicial * 2^(intentos-1), capped at maximo (defaults 500 ms, 30 s). */
  reintentoInicialMs?: number;
  reintentoMaximoMs?: number;
  /** A publish taking longer counts as failed (default 10 s); the rows are retried. */
  plazoPublicacionMs?: number;
  /**
   * Rows marked published (by relays of releases that marked rows instead of deleting them: a rolling
   * upgrade runs both) are deleted after this long (default 1 h); checked every minute.
   */
  retencionPublicadosMs?: number;
  /** Registers outbox_pendientes, outbox_retraso_segundos, outbox_publicados_total, outbox_fallos_publicacion_total. */
  metricas?: Metricas;
}

/**
 * A published batch leaves the table in the claim's transaction. Marking it (UPDATE publicado_en, then a
 * purge an hour later) wrote each row twice more: a new version of the row with three index entries, then
 * its deletion. One text for any batch size (= ANY of one array): one prepared statement, not one per size.
 */
const SQL_BORRAR_PUBLICADAS = `DELETE FROM ${TABLA_OUTBOX} WHERE secuencia = ANY(?::bigint[])`;

/** How far the relay is behind: unpublished rows and age of the oldest one. */
export interface RetrasoOutbox {
  pendientes: number;
  segundos: number;
}

/** The outbox relay of a process: iniciar() once, detener() at shutdown. */
export class RelayOutbox {
  private readonly o: Required<Omit<OpcionesRelayOutbox, 'urlBaseDatos' | 'metricas'>> &
    Pick<OpcionesRelayOutbox, 'urlBaseDatos'>;
  private detenido = true;
  private generacion = 0;
  private esperas: Array<() => void> = [];
  private bucles: Promise<void>[] = [];
  private oyente?: Client;
  private reconexion?: NodeJS.Timeout;
  private purga?: NodeJS.Timeout;
  private readonly publicados?: { inc(n: number): void };
  /** Whether the outbox_relay table exists (migracionOutboxDespierto applied). */
  private conSenal = false;
  /** What this process last wrote to outbox_relay.despierto. */
  private despierto?: boolean;
  private readonly fallos?: { inc(n: number): void };

  constructor(opciones: OpcionesRelayOutbox) {
    this.o = {
      tamanoLote: 200,
      trabajadores: 2,
      intervaloSondeoMs: 5000,
      reintentoInicialMs: 500,
      reintentoMaximoMs: 30_000,
      plazoPublicacionMs: 10_000,
      retencionPublicadosMs: 3_600_000,
      ...opciones,
      logger: opciones.logger.hijo({ componente: 'relay-outbox' }),
    };
    const m = opciones.metricas;
    if (m) {
      this.publicados = m.contador('outbox_publicados_total', 'Outbox rows published');
      this.fallos = m.contador(
        'outbox_fallos_publicacion_total',
        'Outbox rows whose publish failed (retried)',
      );
      let ultimo: Promise<RetrasoOutbox> | undefined;
      // Both gauges come from one query per scrape.
      const medir = () => (ultimo ??= this.retraso().finally(() => setImmediate(() => (ultimo = undefined))));
      // With the database down the gauges keep their last value: the scrape as a whole must not fail.
      const leer = (campo: keyof RetrasoOutbox) => async (g: { set(v: number): void }) => {
        await medir().then(
          (r) => g.set(r[campo]),
          () => undefined,
        );
      };
      m.medidor('outbox_pendientes', 'Outbox rows not yet published', [], leer('pendientes'));
      m.medidor('outbox_retraso_segundos', 'Age of the oldest unpublished outbox row', [], leer('segundos'));
    }
  }

  /** Starts listening and the claim loops; publishes what is already pending. */
  async iniciar(): Promise<void> {
    if (!this.detenido) return;
    this.detenido = false;
    const { rows } = await this.o.knex.raw('SELECT to_regclass(?) IS NOT NULL AS existe', [
      TABLA_RELAY_DESPIERTO,
    ]);
    this.conSenal = (rows as { existe: boolean }[])[0]!.existe && this.o.urlBaseDatos !== undefined;
    this.despierto = undefined;
    if (this.o.urlBaseDatos) await this.escuchar();
    this.bucles = Array.from({ length: this.o.trabajadores }, (_, i) => this.bucle(i));
    this.purga = setInterval(() => void this.purgar(), 60_000);
    this.purga.unref();
  }

  /** Stops listening and claiming, waits for in-flight batches, then publishes what is pending (up to `plazoMs`). */
  async detener(plazoMs = 5000): Promise<void> {
    if (this.detenido) return;
    this.detenido = true;
    clearInterval(this.purga);
    clearTimeout(this.reconexion);
    this.despertar();
    await Promise.all(this.bucles);
    // Other replicas may be asleep: let writers wake them from now on.
    if (this.conSenal) await this.marcarDespierto(false).catch(() => undefined);
    await this.oyente?.end().catch(() => undefined);
    this.oyente = undefined;
    const limite = Date.now() + plazoMs;
    try {
      while (Date.now() < limite && (await this.ciclo()).reclamadas === this.o.tamanoLote);
    } catch (error) {
      this.o.logger.warn('no se pudo vaciar el outbox al detener', { error });
    }
  }

  /** Claims and publishes batches until none is full; returns the rows published (tests, flush). */
  async drenar(): Promise<number> {
    let total = 0;
    for (;;) {
      const { reclamadas, publicadas } = await this.ciclo();
      total += publicadas;
      if (reclamadas < this.o.tamanoLote) return total;
    }
  }

  /** Unpublished rows and the age in seconds of the oldest (the relay's lag). */
  async retraso(): Promise<RetrasoOutbox> {
    const fila = (await this.o
      .knex(TABLA_OUTBOX)
      .whereNull('publicado_en')
      .select(
        this.o.knex.raw('count(*)::int AS pendientes'),
        this.o.knex.raw('coalesce(extract(epoch FROM now() - min(creado_en)), 0)::float8 AS segundos'),
      )
      .first()) as RetrasoOutbox;
    return { pendientes: fila.pendientes, segundos: fila.segundos };
  }

  private async bucle(trabajador: number): Promise<void> {
    let esperaErrorMs = this.o.reintentoInicialMs;
    let reintentoEn = Infinity; // when the earliest failed row becomes due again (epoch ms)
    const anotar = (r: { proximoReintentoMs?: number }) => {
      if (r.proximoReintentoMs !== undefined)
        reintentoEn = Math.min(reintentoEn, Date.now() + r.proximoReintentoMs);
    };
    while (!this.detenido) {
      const generacion = this.generacion;
      try {
        const r = await this.vaciar();
        anotar(r);
        // Rows keep coming: stay awake and claim again until a claim finds none.
        if (r.reclamadas > 0) continue;
        if (this.conSenal && this.despierto !== false && !this.detenido) {
          await this.marcarDespierto(false);
          // A row committed before writers could see `false` did not NOTIFY: claim once more.
          const ultima = await this.vaciar();
          anotar(ultima);
          if (ultima.reclamadas > 0) continue;
        }
        esperaErrorMs = this.o.reintentoInicialMs;
      } catch (error) {
        this.o.logger.error('fallo al reclamar filas del outbox', { error, trabajador });
        await this.esperar(esperaErrorMs);
        esperaErrorMs = Math.min(esperaErrorMs * 2, this.o.reintentoMaximoMs);
        continue;
      }
      // A NOTIFY that came while claiming means there may be new rows: claim again at once.
      if (generacion === this.generacion) {
        await this.esperar(Math.max(0, Math.min(this.o.intervaloSondeoMs, reintentoEn - Date.now())));
      }
      if (reintentoEn <= Date.now()) reintentoEn = Infinity;
    }
  }

  /** Claims until a batch comes back less than full; totals and the earliest scheduled retry. */
  private async vaciar(): Promise<{ reclamadas: number; proximoReintentoMs?: number }> {
    let reclamadas = 0;
    let proximoReintentoMs: number | undefined;
    for (;;) {
      const r = await this.ciclo();
      reclamadas += r.reclamadas;
      // Work arrived: writers can stop notifying while we claim (see the file comment).
      if (r.reclamadas > 0 && this.conSenal && this.despierto !== true) await this.marcarDespierto(true);
      if (r.proximoReintentoMs !== undefined) {
        proximoReintentoMs = Math.min(proximoReintentoMs ?? Infinity, r.proximoReintentoMs);
      }
      if (r.reclamadas < this.o.tamanoLote || this.detenido) return { reclamadas, proximoReintentoMs };
    }
  }

  private async marcarDespierto(despierto: boolean): Promise<void> {
    this.despierto = despierto;
    await this.o.knex(TABLA_RELAY_DESPIERTO).update({ despierto });
  }

  /** One claim: lock up to tamanoLote due rows, publish them, delete the published, reschedule the failed, commit. */
  private async ciclo(): Promise<{ reclamadas: number; publicadas: number; proximoReintentoMs?: number }> {
    return this.o.knex.transaction(async (trx) => {
      const filas = await reclamar(trx, this.o.tamanoLote);
      if (filas.length === 0) return { reclamadas: 0, publicadas: 0 };

      const fallidas = new Set(await this.publicar(filas));
      const ok = filas.filter((f) => !fallidas.has(f.id));
      const mal = filas.filter((f) => fallidas.has(f.id));
      if (ok.length > 0) {
        await trx.raw(SQL_BORRAR_PUBLICADAS, [ok.map((f) => f.secuencia)]);
      }
      let proximoReintentoMs: number | undefined;
      for (const f of mal) {
        const espera = this.espera(f.intentos + 1);
        proximoReintentoMs = Math.min(proximoReintentoMs ?? Infinity, espera);
        await trx(TABLA_OUTBOX)
          .where('secuencia', f.secuencia)
          .update({
            intentos: f.intentos + 1,
            proximo_intento_en: trx.raw(`now() + (? * interval '1 millisecond')`, [espera]),
            ultimo_error: 'publicación fallida',
          });
      }
      this.publicados?.inc(ok.length);
      if (mal.length > 0) {
        this.fallos?.inc(mal.length);
        this.o.logger.warn('publicación fallida, se reintentará', {
          fallidas: mal.length,
          reclamadas: filas.length,
          proximo_reintento_ms: proximoReintentoMs,
        });
      }
      return { reclamadas: filas.length, publicadas: ok.length, proximoReintentoMs };
    });
  }

  /** Publishes a batch; resolves with the ids that failed (all of them when the publisher throws or times out). */
  private async publicar(filas: FilaOutbox[]): Promise<string[]> {
    const mensajes: MensajeSaliente[] = filas.map((f) => ({
      id: f.id,
      topico: f.topico,
      tipo: f.tipo,
      datos: f.datos,
      idCorrelacion: f.id_correlacion ?? undefined,
      traceparent: f.traceparent ?? undefined,
      claveParticion: f.clave_particion ?? undefined,
    }));
    let plazo: NodeJS.Timeout | undefined;
    try {
      // the batch's span (when tracing is on) ends with the publish or its deadline
      return await enSpanPublicacion(mensajes, () =>
        Promise.race([
          this.o.publicador.publicarLote(mensajes),
          new Promise<never>((_, reject) => {
            plazo = setTimeout(
              () => reject(new Error('plazo de publicación agotado')),
              this.o.plazoPublicacionMs,
            );
          }),
        ]),
      );
    } catch (error) {
      this.o.logger.warn('el publicador falló con el lote completo', { error, reclamadas: filas.length });
      return filas.map((f) => f.id);
    } finally {
      clearTimeout(plazo);
    }
  }

  private espera(intentos: number): number {
    const base = Math.min(
      this.o.reintentoMaximoMs,
      this.o.reintentoInicialMs * 2 ** Math.min(intentos - 1, 30),
    );
    return Math.round(base * (0.8 + Math.random() * 0.4)); // jitter: replicas do not retry in lockstep
  }

  private async escuchar(): Promise<void> {
    const oyente = new Client({ connectionString: this.o.urlBaseDatos, application_name: 'relay-outbox' });
    oyente.on('notification', () => this.despertar());
    oyente.on('error', (error) => {
      this.o.logger.warn('conexión LISTEN del outbox perdida; se reconecta', { error });
      this.reconectar(oyente);
    });
    oyente.on('end', () => this.reconectar(oyente));
    try {
      await oyente.connect();
      await oyente.query(`LISTEN ${CANAL_OUTBOX}`);
      this.oyente = oyente;
      this.despertar(); // rows may have arrived while not listening
    } catch (error) {
      this.o.logger.warn('no se pudo escuchar NOTIFY del outbox; se reintenta (mientras, sondeo)', { error });
      this.reconectar(oyente);
    }
  }

  private reconectar(anterior: Client): void {
    if (this.detenido || this.reconexion || (this.oyente && this.oyente !== anterior)) return;
    this.oyente = undefined;
    anterior.removeAllListeners('end');
    anterior.end().catch(() => undefined);
    this.reconexion = setTimeout(() => {
      this.reconexion = undefined;
      if (!this.detenido) void this.escuchar();
    }, this.o.intervaloSondeoMs);
    this.reconexion.unref();
  }

  private despertar(): void {
    this.generacion++;
    for (const resolver of this.esperas.splice(0)) resolver();
  }

  private esperar(ms: number): Promise<void> {
    if (this.detenido) return Promise.resolve();
    return new Promise((resolve) => {
      const listo = () => {
        clearTimeout(temporizador);
        this.esperas = this.esperas.filter((e) => e !== listo);
        resolve();
      };
      const temporizador = setTimeout(listo, ms);
      this.esperas.push(listo);
    });
  }

  private async purgar(): Promise<void> {
    try {
      await this.o
        .knex(TABLA_OUTBOX)
        .where(
          'publicado_en',
          '<',
          this.o.knex.raw(`now() - (? * interval '1 millisecond')`, [this.o.retencionPublicadosMs]),
        )
        .delete();
    } catch (error) {
      this.o.logger.warn('no se pudieron purgar filas publicadas del outbox', { error });
    }
  }
}
