// Anchor for the database: the grouped SolicitarPago write (insercion-agrupada.ts) driven directly with
// node `pg` on the same Postgres, in a scratch database migrated with pagos' own migrations and written
// with its service role (DML only), N clients back to back, each statement its own commit (fsync and
// synchronous_commit as the server has them). Then the same statement one payment at a time, the
// per-payment write SolicitarPago makes without group commit, for contrast.
import { MIGRACIONES_PAGOS } from '@alpes/pagos';
import { migrarConRolDeMigracion } from '@alpes/seedwork';
import { crearBaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { Pool } from 'pg';
import { ejecutarCarga } from '../../carga/generador';
import { Histograma, type Percentiles } from '../../carga/medidor';
import { diferencia, type CpuPorComponente } from '../cpu';
import type { Contexto } from '../medicion';
import { SQL_INSERTAR_PAGOS, valoresLote } from './insercion-agrupada';
import { conProgresoPorSegundo } from './progreso';

export interface EscrituraPostgres {
  /** Payments per statement (one commit each). */
  lote: number;
  clientes: number;
  duracionS: number;
  pagos: number;
  pagosPorS: number;
  sentenciasPorS: number;
  /** Per statement (its commit included), ms. */
  latenciaMs: Percentiles;
  errores: number;
  /** Cores busy per component meanwhile, and CPU ms per payment written. */
  nucleos: CpuPorComponente;
  cpuMsPorPago: CpuPorComponente;
}

export interface ResultadoTechoPostgres {
  agrupada: EscrituraPostgres;
  unaPorSentencia: EscrituraPostgres;
}

async function escribir(
  ctx: Contexto,
  pool: Pool,
  o: { lote: number; clientes: number; duracionS: number; etiqueta: string },
): Promise<EscrituraPostgres> {
  const latencia = new Histograma();
  let pagos = 0;
  let errores = 0;
  let primerError: string | undefined;
  const cpuAntes = ctx.cpu();
  const resumen = await conProgresoPorSegundo(
    ctx.progreso,
    o.etiqueta,
    'pagos',
    () => pagos,
    () =>
      ejecutarCarga(
        async (i) => {
          const t0 = performance.now();
          try {
            const { rows } = await pool.query<{ id: string }>({
              name: 'bench_insertar_pagos', // prepared once per connection, as pagos' statements are
              text: SQL_INSERTAR_PAGOS,
              values: valoresLote(`${ctx.idBench}-pg${o.lote}-${i}`, o.lote),
            });
            pagos += rows.length;
            latencia.registrarMs(performance.now() - t0);
            return { ok: true };
          } catch (error) {
            errores++;
            primerError ??= (error as Error).message;
            return { ok: false, codigo: 'POSTGRES' };
          }
        },
        { modo: 'cerrado', tasa: 0, duracionMs: o.duracionS * 1000, concurrencia: o.clientes },
        () => undefined,
      ),
  );
  if (primerError) ctx.progreso(`${o.etiqueta}: ${errores} sentencias fallaron (la primera: ${primerError})`);
  const s = resumen.duracionMs / 1000;
  const cpu = diferencia(cpuAntes, ctx.cpu());
  return {
    lote: o.lote,
    clientes: o.clientes,
    duracionS: Math.round(resumen.duracionMs) / 1000,
    pagos,
    pagosPorS: Math.round(pagos / s),
    sentenciasPorS: Math.round(latencia.cuenta / s),
    latenciaMs: latencia.percentiles(),
    errores,
    nucleos: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round((v / s) * 100) / 100])),
    cpuMsPorPago: Object.fromEntries(
      Object.entries(cpu)
        .filter(([k]) => k !== 'ajenos')
        .map(([k, v]) => [k, Math.round((v * 1000 * 1000) / Math.max(1, pagos)) / 1000]),
    ),
  };
}

/** Both writes on a scratch database of `urlAdmin`'s server, dropped at the end. */
export async function medirTechoPostgres(
  ctx: Contexto,
  urlAdmin: string,
  o: { lote: number; clientes: number; duracionS: number },
): Promise<ResultadoTechoPostgres> {
  ctx.progreso('techo de Postgres: base temporal con el esquema de pagos (sus migraciones)…');
  const bd = await crearBaseDeDatosTemporal('bench_techo', urlAdmin);
  try {
    await migrarConRolDeMigracion(bd.urlMigracion, MIGRACIONES_PAGOS, 'bench-techo');
    // Under load pagos' relay is awake, so inserts skip the outbox NOTIFY (seedwork's outbox_relay): as here.
    await bd.knex.raw('UPDATE outbox_relay SET despierto = true');
    const pool = new Pool({
      connectionString: bd.urlServicio,
      max: o.clientes,
      application_name: 'bench-techo',
    });
    try {
      const agrupada = await escribir(ctx, pool, {
        ...o,
        etiqueta: `postgres ${o.lote} pagos por sentencia, ${o.clientes} clientes`,
      });
      const unaPorSentencia = await escribir(ctx, pool, {
        ...o,
        lote: 1,
        etiqueta: `postgres 1 pago por sentencia, ${o.clientes} clientes`,
      });
      return { agrupada, unaPorSentencia };
    } finally {
      await pool.end();
    }
  } finally {
    await bd.eliminar();
  }
}
