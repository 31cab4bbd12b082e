// The anchors for people: what each ceiling measured, its rate, latency and CPU per unit.
import { tabla } from '@alpes/cli';
import { esParte, type CpuPorComponente } from '../cpu';
import type { ResultadoCorrida } from '../medicion';
import { PROCESO_ECO } from './eco-grpc';
import type { Anclas } from './modelo';
import type { EscrituraPostgres } from './techo-postgres';

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);

/** 'postgres 0.052 · bench 0.031' for the components that used CPU, largest first (no parts of one). */
export function cpuPorUnidad(cpu: CpuPorComponente): string {
  const filas = Object.entries(cpu)
    .filter(([k, v]) => v > 0 && !esParte(k))
    .sort((a, b) => b[1] - a[1]);
  const total = filas.reduce((a, [, v]) => a + v, 0);
  return filas.length === 0
    ? '-'
    : `${filas.map(([k, v]) => `${k} ${v.toFixed(3)}`).join(' · ')} · total ${total.toFixed(3)}`;
}

function lineaPostgres(nombre: string, e: EscrituraPostgres): string[] {
  return [
    `  ${nombre}: ${e.pagosPorS} pagos/s (${e.sentenciasPorS} sentencias/s; por sentencia p50 ${ms(e.latenciaMs.p50)} ms, p99 ${ms(e.latenciaMs.p99)} ms; errores ${e.errores})`,
    `    CPU ms por pago: ${cpuPorUnidad(e.cpuMsPorPago)}`,
  ];
}

export function textoAnclas(a: Anclas): string[] {
  const partes = ['Anclas: techos medidos en esta misma corrida y máquina', `  ${a.condiciones}`];
  if (a.eco.length > 0) {
    partes.push(
      '',
      'eco gRPC: SolicitarPago respondido sin dominio ni base, en la pila de servidor de pagos (crearServidorGrpc,',
      'credencial JWT verificada, unario), con el mismo cliente y lazo cerrado que SolicitarPago',
      tabla<ResultadoCorrida>(
        [
          { titulo: 'en vuelo', valor: (c) => String(c.concurrencia), alineacion: 'derecha' },
          { titulo: 'llamadas/s', valor: (c) => String(c.aceptadosPorS), alineacion: 'derecha' },
          { titulo: 'p50', valor: (c) => ms(c.latenciaMs.p50), alineacion: 'derecha' },
          { titulo: 'p99', valor: (c) => ms(c.latenciaMs.p99), alineacion: 'derecha' },
          {
            titulo: 'errores',
            valor: (c) => String(Object.values(c.erroresPorCodigo).reduce((x, y) => x + y, 0)),
            alineacion: 'derecha',
          },
          {
            titulo: 'núcleos eco',
            valor: (c) => (c.nucleos[PROCESO_ECO] ?? 0).toFixed(2),
            alineacion: 'derecha',
          },
          { titulo: 'núcleos bench', valor: (c) => (c.nucleos.bench ?? 0).toFixed(2), alineacion: 'derecha' },
          {
            titulo: 'CPU ms/llamada eco',
            valor: (c) =>
              c.aceptadosPorS > 0
                ? (((c.nucleos[PROCESO_ECO] ?? 0) * 1000) / c.aceptadosPorS).toFixed(3)
                : '-',
            alineacion: 'derecha',
          },
          { titulo: 'ajenos', valor: (c) => (c.nucleos.ajenos ?? 0).toFixed(2), alineacion: 'derecha' },
        ],
        a.eco,
      ),
    );
  }
  if (a.postgres) {
    const { agrupada, unaPorSentencia } = a.postgres;
    partes.push(
      '',
      `Postgres: pago + historial + outbox de cada pago, sentencia preparada con node pg, ${agrupada.clientes} clientes, un commit por sentencia`,
      ...lineaPostgres(`${agrupada.lote} pagos por sentencia (unnest)`, agrupada),
      ...lineaPostgres('1 pago por sentencia', unaPorSentencia),
    );
  }
  if (a.dapr) {
    const d = a.dapr;
    partes.push(
      '',
      `Dapr: BulkPublishEvent (lotes de ${d.lote}, ${d.publicadores} en vuelo) -> daprd -> Pulsar -> daprd -> AppCallback trivial (${d.loteEntrega > 0 ? `OnBulkTopicEvent, hasta ${d.loteEntrega} por llamada` : 'OnTopicEvent, uno por llamada'})`,
      `  publicados ${d.publicados} en ${d.publicacionS.toFixed(1)} s (${d.publicadosPorS}/s, no aceptados ${d.noPublicados})`,
      `  entregados ${d.entregados}${d.ventanaS === null ? ' (NO todos dentro del plazo)' : ` en ${d.ventanaS.toFixed(2)} s desde el primer envío: ${d.entregasPorS} entregas/s`} · reentregas ${d.reentregas}`,
      `  CPU ms por entrega: ${cpuPorUnidad(d.cpuMsPorEntrega)}`,
    );
  }
  return partes;
}
