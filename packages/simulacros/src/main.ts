#!/usr/bin/env node
// `npm run drill -- <load|failover|outage|poison> [--target local|k8s] [options]`: runs one drill,
// writes informes/<drill>-<timestamp>.{json,html}, exits 0 only when every invariant holds.
import { ErrorDeUso, mensajeDeError } from '@alpes/cli';
import { AYUDA, analizar, type NombreSimulacro } from './argumentos';
import { escribirInforme } from './informe/escribir';
import { ejecutorDeProcesos, esperarPuertoTcp } from './objetivos/ejecutor';
import { ObjetivoK8s } from './objetivos/k8s';
import { ControlLocalHttp, ObjetivoLocal } from './objetivos/local';
import type { Objetivo } from './objetivos/objetivo';
import { simulacroCaida } from './simulacros/caida-pasarela';
import { simulacroCarga } from './simulacros/carga';
import { simulacroConmutacion } from './simulacros/conmutacion';
import { Ejecucion } from './simulacros/ejecucion';
import { simulacroVeneno } from './simulacros/veneno';
import type { Verificacion } from './verificacion/invariantes';

export const SALIDA_SIMULACRO = { ok: 0, invarianteIncumplida: 1, uso: 2, noEjecutable: 3 } as const;

const SIMULACROS: Record<NombreSimulacro, (ej: Ejecucion) => Promise<Verificacion>> = {
  load: simulacroCarga,
  failover: simulacroConmutacion,
  outage: simulacroCaida,
  poison: simulacroVeneno,
};

async function principal(argv: string[]): Promise<number> {
  let plan;
  try {
    plan = analizar(argv, process.env);
  } catch (error) {
    if (!(error instanceof ErrorDeUso)) throw error;
    process.stderr.write(`drill: ${error.message}\n(npm run drill -- --ayuda)\n`);
    return SALIDA_SIMULACRO.uso;
  }
  if (plan === 'ayuda') {
    process.stdout.write(`${AYUDA}\n`);
    return SALIDA_SIMULACRO.ok;
  }
  const objetivo: Objetivo =
    plan.objetivo === 'local'
      ? new ObjetivoLocal(
          new ControlLocalHttp(plan.urlControl, plan.tokenControl),
          plan.direcciones,
          undefined,
          plan.tokenDapr,
        )
      : new ObjetivoK8s(ejecutorDeProcesos, plan.k8s, { esperarPuerto: esperarPuertoTcp });
  let ej: Ejecucion | undefined;
  process.once('SIGINT', () => {
    void (async () => {
      await ej?.limpiar();
      await objetivo.cerrar();
      process.exit(130);
    })();
  });
  try {
    const direcciones = await objetivo.direcciones();
    ej = new Ejecucion(plan.simulacro, objetivo, direcciones, plan.opciones);
    process.stderr.write(
      `simulacro ${plan.simulacro} (${plan.opciones.corto ? 'corto' : 'completo'}) contra ${objetivo.nombre}: ` +
        `pagos ${direcciones.pagos}, pasarela ${direcciones.pasarela}, pulsar ${direcciones.pulsarAdmin} · ejecución ${ej.idEjecucion}\n`,
    );
    await ej.pagos.listar({ pageSize: 1 }); // fail fast, with a clear message, when pagos is not there
    await ej.anotarBacklogInicial();
    ej.iniciarMuestreo();
    const verificacion = await SIMULACROS[plan.simulacro](ej);
    ej.detenerMuestreo();
    const informe = ej.informe(verificacion, { ...plan.opciones, objetivo: plan.objetivo, direcciones });
    const rutas = escribirInforme(plan.opciones.informes, informe);
    imprimirResumen(informe, rutas);
    return informe.exito ? SALIDA_SIMULACRO.ok : SALIDA_SIMULACRO.invarianteIncumplida;
  } catch (error) {
    process.stderr.write(`\ndrill: el simulacro no pudo completarse: ${mensajeDeError(error)}\n`);
    await ej?.limpiar(); // e.g. restart a component that was left killed
    return SALIDA_SIMULACRO.noEjecutable;
  } finally {
    await ej?.cerrar();
    await objetivo.cerrar();
  }
}

function imprimirResumen(informe: ReturnType<Ejecucion['informe']>, rutas: { json: string; html: string }) {
  const c = informe.carga;
  const l = c.latenciaMs;
  const lineas = [
    '',
    `simulacro ${informe.simulacro}: ${informe.exito ? 'OK, todas las invariantes se cumplen' : 'FALLA: invariantes incumplidas'}`,
    `  carga: ${c.enviados} enviados, ${c.aceptados} aceptados (${c.aceptadosPorS.toFixed(1)}/s), ${c.errores} errores ${JSON.stringify(c.erroresPorCodigo)}`,
    `  latencia ms p50 ${l.p50} p95 ${l.p95} p99 ${l.p99} max ${l.max}`,
    `  solicitud->asentado ms p50 ${informe.asentamiento.ms.p50} p99 ${informe.asentamiento.ms.p99}`,
    `  estados finales ${JSON.stringify(informe.estadosFinales)}; transferencias ${informe.verificacion.conteos.transferencias}`,
    ...informe.recuperaciones.map(
      (r) =>
        `  recuperación ${r.componente}: listo ${r.msHastaListo ?? '-'} ms, de punta a punta ${r.msRecuperacion ?? 'nunca'} ms`,
    ),
    ...informe.verificacion.invariantes.map(
      (i) => `  ${i.ok ? '✔' : '✘'} ${i.nombre}${i.ok ? '' : `: ${i.cantidad} (${i.ejemplos.join(', ')})`}`,
    ),
    ...informe.verificacion.advertencias.map((a) => `  ! ${a}`),
    ...informe.notas.map((n) => `  · ${n}`),
    `  informe: ${rutas.html}`,
    `           ${rutas.json}`,
  ];
  process.stdout.write(`${lineas.join('\n')}\n`);
}

if (require.main === module) {
  principal(process.argv.slice(2)).then(
    (codigo) => process.exit(codigo),
    (error) => {
      process.stderr.write(
        `drill: error inesperado: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exit(SALIDA_SIMULACRO.noEjecutable);
    },
  );
}
