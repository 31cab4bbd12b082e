import { expect } from 'chai';
import { renderizarHtml } from '../../src/informe/html';
import type { Informe } from '../../src/informe/modelo';
import { graficoLineas, pasoRedondo } from '../../src/informe/svg';
import { verificarInvariantes } from '../../src/verificacion/invariantes';

const percentiles = { cuenta: 10, p50: 3, p95: 9, p99: 12.5, max: 20, media: 4 };

function informe(sobre: Partial<Informe> = {}): Informe {
  const series = Array.from({ length: 12 }, (_, t) => ({
    t: t + 1,
    enviadosPorS: 100,
    aceptadosPorS: t === 5 ? 40 : 100,
    erroresPorS: t === 5 ? 60 : 0,
    asentadosPorS: 95,
    p50: t === 5 ? null : 3,
    p95: t === 5 ? null : 8,
    p99: t === 5 ? null : 12,
    max: t === 5 ? null : 30,
    backlog: {
      'pagos-solicitados/liquidacion': t * 10,
      'pagos-solicitados-dlq/liquidacion': t === 3 ? null : 0,
    },
  }));
  return {
    simulacro: 'failover',
    objetivo: 'local',
    idEjecucion: 'e-1',
    inicio: '2026-01-01T00:00:00.000Z',
    duracionS: 12,
    corto: true,
    opciones: {},
    carga: {
      modo: 'abierto',
      tasaObjetivo: 100,
      enviados: 1200,
      aceptados: 1140,
      errores: 60,
      erroresPorCodigo: { UNAVAILABLE: 60 },
      aceptadosPorS: 95,
      maximoEnCola: 0,
      latenciaMs: percentiles,
    },
    asentamiento: { asentados: 1140, ms: percentiles, pendientesAlFinal: 0 },
    estadosFinales: { SOLICITADO: 0, PAGADO: 1140, RECHAZADO: 0, FALLIDO: 0 },
    verificacion: verificarInvariantes({
      aceptados: ['a'],
      poblacion: [{ id: 'a', estado: 'PAGADO', claveIdempotencia: 'k' }],
      transferencias: ['a'],
    }),
    recuperaciones: [
      {
        componente: 'pagos',
        matadoS: 5,
        reiniciadoS: 6,
        listoS: 7,
        msHastaListo: 900,
        msHastaPrimeraAceptacion: 950,
        msHastaPrimerAsentamiento: 1200,
        msRecuperacion: 1200,
      },
    ],
    marcas: [
      { t: 5, etiqueta: 'matar pagos', tipo: 'falla' },
      { t: 6, etiqueta: 'reiniciar <script>alert(1)</script>', tipo: 'reinicio' },
    ],
    series,
    notas: ['una nota'],
    exito: true,
    ...sobre,
  };
}

/** Every opened tag is closed in order (void and self-closed tags aside): well-formed enough to render. */
function etiquetasBalanceadas(html: string): string[] {
  const vacias = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);
  const pila: string[] = [];
  const errores: string[] = [];
  for (const m of html.replace(/<!DOCTYPE[^>]*>/i, '').matchAll(/<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>/g)) {
    const [, cierre, nombre, , autocierre] = m;
    const n = (nombre as string).toLowerCase();
    if (autocierre || vacias.has(n)) continue;
    if (!cierre) pila.push(n);
    else if (pila.pop() !== n) errores.push(`cierre inesperado </${n}>`);
  }
  return [...errores, ...pila.map((n) => `<${n}> sin cerrar`)];
}

describe('informe HTML', () => {
  it('es un documento autocontenido y bien formado', () => {
    const html = renderizarHtml(informe());
    expect(html.startsWith('<!DOCTYPE html>')).to.equal(true);
    expect(etiquetasBalanceadas(html)).to.deep.equal([]);
    expect(html).to.not.match(/<script|<link|\ssrc=|\shref=|@import|url\(/i);
  });

  it('dibuja las tres series temporales con un trazo por serie y los datos de cada segundo', () => {
    const html = renderizarHtml(informe());
    for (const id of ['grafico-throughput', 'grafico-latencia', 'grafico-backlog']) {
      expect(html).to.include(`id="${id}"`);
    }
    const throughput = /<g class="serie" data-serie="aceptados\/s">\s*<polyline[^>]*points="([^"]+)"/.exec(
      html,
    );
    expect(throughput, 'serie aceptados/s').to.not.equal(null);
    expect(throughput![1]!.trim().split(' ')).to.have.length(12);
    // p99 has no data in second 6: the line breaks in two runs (5 + 6 points)
    const p99 = /<g class="serie" data-serie="p99">([\s\S]*?)<\/g>/.exec(html)![1]!;
    expect([...p99.matchAll(/points="([^"]+)"/g)].map((m) => m[1]!.split(' ').length)).to.deep.equal([5, 6]);
    expect(html).to.include('data-serie="pagos-solicitados/liquidacion"');
    expect(html).to.include('data-serie="pagos-solicitados-dlq/liquidacion"');
  });

  it('marca las fallas en cada gráfico y escapa el texto', () => {
    const html = renderizarHtml(informe());
    expect(html.match(/data-etiqueta="matar pagos"/g)).to.have.length(3);
    expect(html).to.include('reiniciar &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.not.include('<script>alert');
  });

  it('las etiquetas de marcas muy juntas no se pisan: la falla conserva la suya', () => {
    const svg = graficoLineas({
      id: 'g',
      titulo: 't',
      unidadY: 'n',
      series: [
        {
          nombre: 's',
          color: '#000',
          puntos: [
            [0, 1],
            [100, 1],
          ],
        },
      ],
      marcas: [
        { x: 50.1, etiqueta: 'reiniciar pulsar', prioridad: 1 },
        { x: 50, etiqueta: 'matar pulsar', prioridad: 0 },
        { x: 90, etiqueta: 'pulsar listo', prioridad: 1 },
      ],
    });
    const rotulos = [...svg.matchAll(/<text [^>]*rotate\(90[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(rotulos).to.deep.equal(['matar pulsar', 'pulsar listo']);
    // every marker keeps its line and a tooltip
    expect(svg.match(/<g class="marca"/g)).to.have.length(3);
    expect(svg).to.include('<title>reiniciar pulsar (50.1 s)</title>');
  });

  it('muestra el veredicto, las invariantes y la recuperación por falla', () => {
    const ok = renderizarHtml(informe());
    expect(ok).to.match(/class="veredicto ok"/);
    expect(ok).to.match(/<td>✔<\/td><td>ninguno-perdido<\/td>/);
    expect(ok).to.match(
      /<td>pagos<\/td><td>5\.0<\/td><td>6\.0<\/td><td>900 ms<\/td><td>950 ms<\/td><td>1200 ms<\/td><td>1200 ms<\/td>/,
    );
    const mal = renderizarHtml(
      informe({
        exito: false,
        verificacion: verificarInvariantes({ aceptados: ['x'], poblacion: [], transferencias: [] }),
      }),
    );
    expect(mal).to.match(/class="veredicto falla"/);
    expect(mal).to.match(/<td>✘<\/td><td>ninguno-perdido<\/td><td>[^<]+<\/td><td>1<\/td><td>x<\/td>/);
  });

  it('un gráfico sin datos sigue siendo un SVG válido', () => {
    const svg = graficoLineas({
      id: 'g',
      titulo: 'vacío',
      unidadY: 'n',
      series: [{ nombre: 's', color: '#000', puntos: [] }],
    });
    expect(etiquetasBalanceadas(svg)).to.deep.equal([]);
    expect(svg).to.not.match(/NaN|Infinity/);
  });

  it('los pasos del eje son 1, 2 o 5 por una potencia de diez', () => {
    expect(pasoRedondo(100, 4)).to.equal(50);
    expect(pasoRedondo(7, 4)).to.equal(2);
    expect(pasoRedondo(0.3, 4)).to.be.closeTo(0.1, 1e-12);
    expect(pasoRedondo(0, 4)).to.equal(1);
  });
});
