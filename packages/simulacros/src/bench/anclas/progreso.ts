// A progress line a second (stderr) for the anchors: how many units so far and the rate of the last second.

/** Runs `trabajo`, printing `<etiqueta> <t> s · <rate>/s <unidad> · <total>` every second meanwhile. */
export async function conProgresoPorSegundo<T>(
  progreso: (linea: string) => void,
  etiqueta: string,
  unidad: string,
  contar: () => number,
  trabajo: () => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  let anterior = contar();
  const temporizador = setInterval(() => {
    const actual = contar();
    const s = Math.round((performance.now() - t0) / 1000);
    progreso(`${etiqueta} ${s} s · ${actual - anterior} ${unidad}/s · ${actual} en total`);
    anterior = actual;
  }, 1000);
  try {
    return await trabajo();
  } finally {
    clearInterval(temporizador);
  }
}
