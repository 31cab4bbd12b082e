// Progress lines like @alpes/entorno's conProgreso (a line per step with its elapsed time, a
// heartbeat while it runs), written through an injectable sink so the unit tests stay quiet.

export type Informe = (linea: string) => void;

export const informeEstandar: Informe = (linea) => process.stderr.write(`${linea}\n`);

export const segundosDesde = (inicio: number) => `${((Date.now() - inicio) / 1000).toFixed(1)} s`;

export async function conTiempo<T>(
  informar: Informe,
  texto: string,
  trabajo: () => Promise<T>,
  latidoMs = 15_000,
): Promise<T> {
  const inicio = Date.now();
  informar(`▸ ${texto}…`);
  const latido = setInterval(
    () => informar(`  … ${texto} (${Math.round((Date.now() - inicio) / 1000)} s)`),
    latidoMs,
  );
  try {
    const resultado = await trabajo();
    informar(`✓ ${texto} (${segundosDesde(inicio)})`);
    return resultado;
  } catch (e) {
    informar(`✗ ${texto} (failed after ${segundosDesde(inicio)})`);
    throw e;
  } finally {
    clearInterval(latido);
  }
}

export const dormir = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
