#!/usr/bin/env node
// `npm run bench`: the issue-3 benchmark. Starts the whole system on the test runtime (Postgres,
// Pulsar, two daprd, pagos, liquidacion, the PSP stand-in; ports = defaults + ALPES_DESPLAZAMIENTO_PRUEBAS),
// warms it up, runs SolicitarPago in closed loops and an open loop, then a burst followed until
// every payment settled; then (issue #11) stops the services and measures the anchors — gRPC echo,
// grouped Postgres write, daprd delivery loop — and prints each figure beside its ceiling as a ratio,
// with the machine; stops everything it started.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { ClientePagos } from '@alpes/cli';
import { NOMBRES } from '@alpes/contratos';
import { desplazamientoPruebas, entornoDePrueba, type EntornoDePrueba } from '@alpes/entorno';
import { detenerSistemaDePrueba, sistemaDePrueba, type SistemaDePrueba } from '@alpes/pruebas-sistema';
import { medirAnclas } from './anclas/medir';
import { ANCLAS, type Anclas } from './anclas/modelo';
import { AYUDA, FASES_SISTEMA, leerArgumentos, type OpcionesBench } from './argumentos';
import { calcularCocientes } from './cocientes';
import { calcularSuelo } from './suelo';
import { evaluar, textoInforme, type Informe } from './informe';
import { muestrearCpu } from './cpu';
import { ajustarPubsub } from './pubsub';
import { VARIABLE_DIR_PERFILES } from './perfilador';
import { carga, describirMaquina } from './maquina';
import { activarEstadisticasSql, leerEstadisticasSql, reiniciarEstadisticasSql } from './sql';
import { corrida, esperarSinSolicitados, rafaga, type Contexto, type ResultadoCorrida } from './medicion';

/** Supervisor name of liquidacion's sidecar (packages/entorno componentes: daprd-<app id>). */
const DAPRD_LIQUIDACION = `daprd-${NOMBRES.appIds.liquidacion}`;

const progreso = (linea: string) => process.stderr.write(`${linea}\n`);

async function medir(o: OpcionesBench): Promise<Informe> {
  const inicio = new Date();
  const cargaAntes = carga();
  if (o.perfilar) {
    // Inherited by the service processes the supervisor spawns; profiles are written when they stop.
    const dir = path.resolve(o.perfilar);
    process.env[VARIABLE_DIR_PERFILES] = dir;
    const precarga = `--require ${path.join(__dirname, 'perfilador.js')}`;
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${precarga}`.trim();
    progreso(`perfiles de CPU en ${dir}`);
  }
  Object.assign(process.env, o.entorno); // inherited by the services
  let sistema: SistemaDePrueba | undefined;
  let entorno: EntornoDePrueba;
  if (o.fases.some((f) => FASES_SISTEMA.includes(f))) {
    progreso('iniciando el sistema (Postgres, Pulsar, daprd, servicios)…');
    sistema = await sistemaDePrueba({
      nivelLog: o.nivelLog,
      antesDeServicios: async (e) => {
        if (Object.keys(o.pubsub).length > 0) ajustarPubsub(e.recursos, o.pubsub);
        if (o.sql) await activarEstadisticasSql(e);
      },
    });
    entorno = sistema.entorno;
  } else {
    progreso('solo anclas: iniciando Postgres y Pulsar, sin servicios…');
    entorno = await entornoDePrueba();
    if (Object.keys(o.pubsub).length > 0) ajustarPubsub(entorno.recursos, o.pubsub);
  }
  const p = entorno.puertos;
  const cliente = new ClientePagos(`127.0.0.1:${p.pagosGrpc}`, { plazoMs: o.plazoRpcMs });
  try {
    const maquina = await describirMaquina(entorno.urlPostgresAdmin);
    const ctx: Contexto = {
      cliente,
      idBench: `bench-${randomBytes(4).toString('hex')}`,
      plazoAsentamientoS: o.plazoAsentamientoS,
      progreso,
      cpu: () => muestrearCpu(entorno.supervisor),
      aislamiento: o.aislar
        ? {
            pausar: () => entorno.supervisor.detener(DAPRD_LIQUIDACION),
            reanudar: () => entorno.supervisor.reiniciar(DAPRD_LIQUIDACION),
          }
        : undefined,
      sql: o.sql
        ? {
            reiniciar: () => reiniciarEstadisticasSql(entorno.urlPostgresAdmin),
            leer: () => leerEstadisticasSql(entorno.urlPostgresAdmin),
          }
        : undefined,
    };
    let aceptados = 0;
    const contar = (c: ResultadoCorrida) => ((aceptados += c.aceptados), c);
    if (sistema && o.calentamientoS > 0) {
      progreso(`calentamiento ${o.calentamientoS} s…`);
      contar(
        await corrida(ctx, {
          modo: 'cerrado',
          concurrencia: 16,
          tasa: 0,
          duracionS: o.calentamientoS,
          fase: 'calentamiento',
        }),
      );
    }
    const corridas: ResultadoCorrida[] = [];
    if (o.fases.includes('cerrado')) {
      for (const concurrencia of o.concurrencias) {
        const fase = `cerrado-${concurrencia}`;
        corridas.push(
          contar(
            await corrida(ctx, { modo: 'cerrado', concurrencia, tasa: 0, duracionS: o.duracionS, fase }),
          ),
        );
      }
    }
    if (o.fases.includes('abierto') && o.tasa > 0) {
      corridas.push(
        contar(
          await corrida(ctx, {
            modo: 'abierto',
            concurrencia: o.concurrenciaAbierta,
            tasa: o.tasa,
            duracionS: o.duracionS,
            fase: `abierto-${o.tasa}`,
          }),
        ),
      );
    }
    let resultadoRafaga = null;
    if (o.fases.includes('rafaga') && o.rafaga > 0) {
      await esperarSinSolicitados(ctx, 'rafaga');
      resultadoRafaga = await rafaga(ctx, o.rafaga, o.concurrenciaRafaga);
      aceptados += resultadoRafaga.aceptados;
    }
    // read before the anchors stop the PSP stand-in
    const ledger = sistema
      ? { transferencias: (await sistema.pasarela.estado()).transferencias, pagosAceptados: aceptados }
      : null;
    let anclas: Anclas | null = null;
    if (ANCLAS.some((a) => o.fases.includes(a))) {
      anclas = await medirAnclas(ctx, entorno, o, sistema !== undefined);
    }
    return {
      inicio: inicio.toISOString(),
      duracionS: (Date.now() - inicio.getTime()) / 1000,
      desplazamientoPuertos: desplazamientoPruebas(),
      maquina,
      cargaAntes,
      cargaDespues: carga(),
      opciones: { ...o },
      corridas,
      rafaga: resultadoRafaga,
      ledger,
      objetivo: evaluar(corridas, resultadoRafaga),
      anclas,
      cocientes: calcularCocientes(corridas, resultadoRafaga, anclas),
      suelo: calcularSuelo(anclas),
    };
  } finally {
    cliente.cerrar();
  }
}

async function principal(): Promise<void> {
  let o: OpcionesBench | 'ayuda';
  try {
    o = leerArgumentos(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  if (o === 'ayuda') {
    process.stdout.write(`${AYUDA}\n`);
    return;
  }
  let deteniendo: Promise<void> | undefined;
  const detener = () => (deteniendo ??= detenerSistemaDePrueba());
  for (const senal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(senal, () => {
      progreso(`\n${senal}: deteniendo todo lo que el bench inició…`);
      void detener().finally(() => process.exit(130));
    });
  }
  try {
    const informe = await medir(o);
    progreso('deteniendo el sistema…');
    await detener();
    process.stdout.write(o.json ? `${JSON.stringify(informe, null, 2)}\n` : `\n${textoInforme(informe)}\n`);
  } catch (error) {
    progreso(`el bench falló: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await detener();
    process.exitCode = 1;
  }
}

void principal();
