// Plain-text tables for people: aligned columns, no colours, nothing a terminal could mangle.

export type Alineacion = 'izquierda' | 'derecha';

export interface Columna<T> {
  titulo: string;
  valor: (fila: T) => string;
  alineacion?: Alineacion;
}

/** Rows under a header, columns padded to their widest cell and separated by two spaces. */
export function tabla<T>(columnas: Columna<T>[], filas: T[]): string {
  const celdas = filas.map((f) => columnas.map((c) => limpiar(c.valor(f))));
  const anchos = columnas.map((c, i) =>
    Math.max(c.titulo.length, ...celdas.map((fila) => fila[i]?.length ?? 0)),
  );
  const linea = (valores: string[]) =>
    valores
      .map((v, i) =>
        columnas[i]?.alineacion === 'derecha' ? v.padStart(anchos[i] ?? 0) : v.padEnd(anchos[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [linea(columnas.map((c) => c.titulo)), ...celdas.map(linea)].join('\n');
}

/** "clave: valor" lines with the keys aligned. */
export function ficha(pares: [string, string][]): string {
  const ancho = Math.max(0, ...pares.map(([k]) => k.length));
  return pares.map(([k, v]) => `${(k + ':').padEnd(ancho + 1)} ${limpiar(v)}`).join('\n');
}

/** A cell is one line: control characters and newlines from the data would break the layout. */
function limpiar(valor: string): string {
  return valor.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}
