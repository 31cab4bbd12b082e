// Line charts as inline SVG, drawn by hand (no library, no CDN): the report must open offline.

export interface Serie {
  nombre: string;
  color: string;
  /** [x, y]; y null breaks the line (no data in that second). */
  puntos: Array<[number, number | null]>;
}

export interface MarcaGrafico {
  x: number;
  etiqueta: string;
  color?: string;
  /** Lower first when labels would overlap (faults before restarts and events); 0 by default. */
  prioridad?: number;
}

/** Vertical labels closer than this (px) would overlap: the one placed later keeps only its line. */
const SEPARACION_ETIQUETAS = 13;

export interface Grafico {
  id: string;
  titulo: string;
  unidadY: string;
  series: Serie[];
  marcas?: MarcaGrafico[];
  ancho?: number;
  alto?: number;
}

export function escapar(texto: string): string {
  return texto
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** 1, 2 or 5 times a power of ten: axis steps people read at a glance. */
export function pasoRedondo(rango: number, divisiones: number): number {
  if (!(rango > 0)) return 1;
  const bruto = rango / divisiones;
  const potencia = 10 ** Math.floor(Math.log10(bruto));
  const normal = bruto / potencia;
  return (normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 5 ? 5 : 10) * potencia;
}

const f = (n: number) => (Math.round(n * 10) / 10).toString();

export function graficoLineas(g: Grafico): string {
  const ancho = g.ancho ?? 1000;
  const alto = g.alto ?? 260;
  // the legend sits on the right: as wide as its longest name (11 px sans ~ 6.5 px a character)
  const leyenda = Math.max(0, ...g.series.map((s) => s.nombre.length));
  const m = { izq: 60, der: Math.min(320, Math.max(120, 46 + Math.ceil(leyenda * 6.5))), arr: 28, aba: 34 };
  const w = ancho - m.izq - m.der;
  const h = alto - m.arr - m.aba;
  const xs = g.series.flatMap((s) => s.puntos.map(([x]) => x)).concat((g.marcas ?? []).map((mk) => mk.x));
  const ys = g.series.flatMap((s) => s.puntos.map(([, y]) => y).filter((y): y is number => y !== null));
  const xMin = Math.min(0, ...xs);
  const xMax = Math.max(xMin + 1, ...xs);
  const paso = pasoRedondo(Math.max(1, ...ys), 4);
  const yMax = Math.max(paso, Math.ceil(Math.max(0, ...ys) / paso) * paso);
  const px = (x: number) => m.izq + ((x - xMin) / (xMax - xMin)) * w;
  const py = (y: number) => m.arr + h - (y / yMax) * h;

  const partes: string[] = [];
  partes.push(
    `<svg xmlns="http://www.w3.org/2000/svg" id="${escapar(g.id)}" class="grafico" viewBox="0 0 ${ancho} ${alto}" width="${ancho}" height="${alto}" role="img" aria-label="${escapar(g.titulo)}">`,
    `<title>${escapar(g.titulo)}</title>`,
    `<rect x="0" y="0" width="${ancho}" height="${alto}" fill="#fff"/>`,
    `<text x="${m.izq}" y="18" font-size="14" font-weight="bold">${escapar(g.titulo)}</text>`,
  );
  for (let y = 0; y <= yMax + paso / 2; y += paso) {
    partes.push(
      `<line x1="${m.izq}" y1="${f(py(y))}" x2="${m.izq + w}" y2="${f(py(y))}" stroke="#e5e5e5"/>`,
      `<text x="${m.izq - 6}" y="${f(py(y) + 4)}" font-size="11" text-anchor="end">${escapar(f(y))}</text>`,
    );
  }
  const pasoX = pasoRedondo(xMax - xMin, 8);
  for (let x = Math.ceil(xMin / pasoX) * pasoX; x <= xMax; x += pasoX) {
    partes.push(
      `<line x1="${f(px(x))}" y1="${m.arr + h}" x2="${f(px(x))}" y2="${m.arr + h + 4}" stroke="#333"/>`,
      `<text x="${f(px(x))}" y="${m.arr + h + 16}" font-size="11" text-anchor="middle">${escapar(f(x))}</text>`,
    );
  }
  partes.push(
    `<line x1="${m.izq}" y1="${m.arr + h}" x2="${m.izq + w}" y2="${m.arr + h}" stroke="#333"/>`,
    `<line x1="${m.izq}" y1="${m.arr}" x2="${m.izq}" y2="${m.arr + h}" stroke="#333"/>`,
    `<text x="${m.izq + w / 2}" y="${alto - 4}" font-size="11" text-anchor="middle">segundos</text>`,
    `<text x="12" y="${m.arr + h / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${m.arr + h / 2})">${escapar(g.unidadY)}</text>`,
  );
  if (ys.length === 0) {
    partes.push(
      `<text x="${m.izq + w / 2}" y="${m.arr + h / 2}" font-size="13" fill="#888" text-anchor="middle">sin datos</text>`,
    );
  }
  const rotuladas: number[] = [];
  const conEtiqueta = new Set<MarcaGrafico>();
  for (const mk of [...(g.marcas ?? [])].sort((a, b) => (a.prioridad ?? 0) - (b.prioridad ?? 0))) {
    if (rotuladas.every((x) => Math.abs(x - px(mk.x)) >= SEPARACION_ETIQUETAS)) {
      rotuladas.push(px(mk.x));
      conEtiqueta.add(mk);
    }
  }
  for (const mk of g.marcas ?? []) {
    const x = f(px(mk.x));
    const color = mk.color ?? '#c00';
    partes.push(
      `<g class="marca" data-etiqueta="${escapar(mk.etiqueta)}">`,
      `<title>${escapar(`${mk.etiqueta} (${f(mk.x)} s)`)}</title>`,
      `<line x1="${x}" y1="${m.arr}" x2="${x}" y2="${m.arr + h}" stroke="${color}" stroke-dasharray="4 3"/>`,
      ...(conEtiqueta.has(mk)
        ? [
            `<text x="${x}" y="${m.arr + 4}" font-size="10" fill="${color}" transform="rotate(90 ${x} ${m.arr + 4})" dy="-3">${escapar(mk.etiqueta)}</text>`,
          ]
        : []),
      `</g>`,
    );
  }
  g.series.forEach((s, k) => {
    partes.push(`<g class="serie" data-serie="${escapar(s.nombre)}">`);
    for (const tramo of tramos(s.puntos)) {
      const puntos = tramo.map(([x, y]) => `${f(px(x))},${f(py(y))}`).join(' ');
      partes.push(
        tramo.length === 1
          ? `<circle cx="${f(px(tramo[0]![0]))}" cy="${f(py(tramo[0]![1]))}" r="2" fill="${s.color}"/>`
          : `<polyline fill="none" stroke="${s.color}" stroke-width="1.6" points="${puntos}"/>`,
      );
    }
    partes.push(`</g>`);
    const ly = m.arr + 8 + k * 16;
    partes.push(
      `<line x1="${m.izq + w + 12}" y1="${ly}" x2="${m.izq + w + 30}" y2="${ly}" stroke="${s.color}" stroke-width="3"/>`,
      `<text x="${m.izq + w + 34}" y="${ly + 4}" font-size="11">${escapar(s.nombre)}</text>`,
    );
  });
  partes.push('</svg>');
  return partes.join('\n');
}

/** Runs of consecutive non-null points. */
function tramos(puntos: Array<[number, number | null]>): Array<Array<[number, number]>> {
  const resultado: Array<Array<[number, number]>> = [];
  let actual: Array<[number, number]> = [];
  for (const [x, y] of puntos) {
    if (y === null) {
      if (actual.length) resultado.push(actual);
      actual = [];
    } else actual.push([x, y]);
  }
  if (actual.length) resultado.push(actual);
  return resultado;
}
