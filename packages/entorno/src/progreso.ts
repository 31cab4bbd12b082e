// Progress for long steps (a cold daprd build takes minutes): a line per step with elapsed time,
// and a heartbeat every 15 s so a newcomer sees the work is alive.
export function paso(texto: string): void {
  process.stderr.write(`▸ ${texto}\n`);
}

export async function conProgreso<T>(texto: string, trabajo: () => Promise<T>): Promise<T> {
  const inicio = Date.now();
  paso(`${texto}…`);
  const latido = setInterval(() => {
    process.stderr.write(`  … ${texto} (${Math.round((Date.now() - inicio) / 1000)} s)\n`);
  }, 15_000);
  try {
    const resultado = await trabajo();
    process.stderr.write(`✓ ${texto} (${((Date.now() - inicio) / 1000).toFixed(1)} s)\n`);
    return resultado;
  } finally {
    clearInterval(latido);
  }
}
