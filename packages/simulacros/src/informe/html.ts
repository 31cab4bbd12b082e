// The self-contained HTML report of a drill: summary, invariants, recovery per fault and three
// charts (throughput, latency percentiles, backlog) with the fault markers. No scripts, no
// external resources: it opens from a CI artifact as is.
import type { Informe, Marca } from './modelo';
import { escapar, graficoLineas, type MarcaGrafico, type Serie } from './svg';

const COLORES = ['#1f77b4', '#2ca02c', '#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const COLOR_MARCA: Record<Marca['tipo'], string> = {
  falla: '#c00000',
  reinicio: '#e08000',
  listo: '#008000',
  evento: '#555555',
};

function tablaHtml(cabecera: string[], filas: (string | number)[][], clase = ''): string {
  const th = cabecera.map((c) => `<th>${escapar(c)}</th>`).join('');
  const tr = filas
    .map((f) => `<tr>${f.map((c) => `<td>${escapar(String(c))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="${clase}"><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

/** One decimal is all a reader needs of a latency (the JSON keeps the microseconds). */
const ms1 = (v: number) => v.toFixed(1);
const ms = (v: number | null) => (v === null ? 'nunca (plazo vencido)' : `${Math.round(v)} ms`);

export function graficosDe(informe: Informe): { throughput: string; latencia: string; backlog: string } {
  const marcas: MarcaGrafico[] = informe.marcas.map((m) => ({
    x: m.t,
    etiqueta: m.etiqueta,
    color: COLOR_MARCA[m.tipo],
    prioridad: m.tipo === 'falla' ? 0 : m.tipo === 'evento' ? 2 : 1,
  }));
  const s = informe.series;
  const serie = (nombre: string, color: string, y: (m: (typeof s)[number]) => number | null): Serie => ({
    nombre,
    color,
    puntos: s.map((m) => [m.t, y(m)]),
  });
  const throughput = graficoLineas({
    id: 'grafico-throughput',
    titulo: 'Throughput por segundo',
    unidadY: 'por segundo',
    marcas,
    series: [
      serie('enviados/s', COLORES[0]!, (m) => m.enviadosPorS),
      serie('aceptados/s', COLORES[1]!, (m) => m.aceptadosPorS),
      serie('asentados/s', COLORES[4]!, (m) => m.asentadosPorS),
      serie('errores/s', COLORES[2]!, (m) => m.erroresPorS),
    ],
  });
  const latencia = graficoLineas({
    id: 'grafico-latencia',
    titulo: 'Latencia de SolicitarPago (desde el instante previsto) por segundo',
    unidadY: 'ms',
    marcas,
    series: [
      serie('p50', COLORES[1]!, (m) => m.p50),
      serie('p95', COLORES[3]!, (m) => m.p95),
      serie('p99', COLORES[2]!, (m) => m.p99),
      serie('max', COLORES[5]!, (m) => m.max),
    ],
  });
  const claves = [...new Set(s.flatMap((m) => Object.keys(m.backlog)))].sort();
  const backlog = graficoLineas({
    id: 'grafico-backlog',
    titulo: 'Backlog de Pulsar por suscripción',
    unidadY: 'mensajes',
    marcas,
    series: claves.map((k, i) => serie(k, COLORES[i % COLORES.length]!, (m) => m.backlog[k] ?? null)),
  });
  return { throughput, latencia, backlog };
}

export function renderizarHtml(informe: Informe): string {
  const v = informe.verificacion;
  const c = informe.carga;
  const a = informe.asentamiento;
  const g = graficosDe(informe);
  const resumen = tablaHtml(
    ['medida', 'valor'],
    [
      ['simulacro', `${informe.simulacro} (${informe.corto ? 'corto' : 'completo'})`],
      ['objetivo', informe.objetivo],
      ['inicio', informe.inicio],
      ['duración', `${informe.duracionS.toFixed(1)} s`],
      ['carga', `${c.modo === 'abierto' ? `lazo abierto a ${c.tasaObjetivo}/s` : 'lazo cerrado'}`],
      ['enviados / aceptados / errores', `${c.enviados} / ${c.aceptados} / ${c.errores}`],
      ['aceptados por segundo', c.aceptadosPorS.toFixed(1)],
      [
        'latencia p50 / p95 / p99 / max',
        `${ms1(c.latenciaMs.p50)} / ${ms1(c.latenciaMs.p95)} / ${ms1(c.latenciaMs.p99)} / ${ms1(c.latenciaMs.max)} ms`,
      ],
      ['solicitud → asentado p50 / p99', `${ms1(a.ms.p50)} / ${ms1(a.ms.p99)} ms (${a.asentados} asentados)`],
      ['pendientes al final', a.pendientesAlFinal],
      ['máximo en cola del generador', c.maximoEnCola],
    ],
    'resumen',
  );
  const invariantes = tablaHtml(
    ['', 'invariante', 'qué promete', 'incumplen', 'ejemplos'],
    v.invariantes.map((i) => [i.ok ? '✔' : '✘', i.nombre, i.descripcion, i.cantidad, i.ejemplos.join(', ')]),
    'invariantes',
  );
  const estados = tablaHtml(
    ['estado', 'pagos'],
    Object.entries(v.conteos.porEstado).map(([e, n]) => [e, n]),
  );
  const errores = Object.keys(c.erroresPorCodigo).length
    ? tablaHtml(
        ['código gRPC', 'respuestas'],
        Object.entries(c.erroresPorCodigo).sort((x, y) => y[1] - x[1]),
      )
    : '<p>Ningún error.</p>';
  const recuperaciones = informe.recuperaciones.length
    ? tablaHtml(
        [
          'componente',
          'matado (s)',
          'reiniciado (s)',
          'hasta listo',
          'hasta 1.ª aceptación',
          'hasta 1.er asentamiento',
          'recuperación',
        ],
        informe.recuperaciones.map((r) => [
          r.componente,
          r.matadoS.toFixed(1),
          r.reiniciadoS.toFixed(1),
          ms(r.msHastaListo),
          ms(r.msHastaPrimeraAceptacion),
          ms(r.msHastaPrimerAsentamiento),
          ms(r.msRecuperacion),
        ]),
        'recuperaciones',
      )
    : '';
  const lista = (items: string[]) =>
    items.length ? `<ul>${items.map((x) => `<li>${escapar(x)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html>
<html lang="es">
<head>
<meta charset="utf-8">
<title>Simulacro ${escapar(informe.simulacro)} · ${escapar(informe.inicio)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; max-width: 1040px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.veredicto { font-size: 18px; font-weight: bold; padding: 8px 12px; display: inline-block; }
.ok { background: #e6f4e6; color: #145214; } .falla { background: #fbe3e3; color: #8a1010; }
svg.grafico { display: block; margin: 12px 0; border: 1px solid #ddd; }
</style>
</head>
<body>
<h1>Simulacro <code>${escapar(informe.simulacro)}</code> — ${escapar(informe.idEjecucion)}</h1>
<p class="veredicto ${informe.exito ? 'ok' : 'falla'}" id="veredicto">${informe.exito ? 'Todas las invariantes se cumplen' : 'Hay invariantes incumplidas'}</p>
<h2>Resumen</h2>
${resumen}
<h2>Invariantes</h2>
${invariantes}
${lista(v.advertencias)}
<h2>Estados finales</h2>
${estados}
<p>Transferencias de la pasarela para pagos del simulacro: ${v.conteos.transferencias}; pagos sin respuesta confirmada: ${v.conteos.sinConfirmar}.</p>
${recuperaciones ? `<h2>Recuperación por falla</h2>\n${recuperaciones}` : ''}
<h2>Errores por código</h2>
${errores}
<h2>Series</h2>
${g.throughput}
${g.latencia}
${g.backlog}
${informe.notas.length ? `<h2>Notas</h2>\n${lista(informe.notas)}` : ''}
</body>
</html>
`;
}
