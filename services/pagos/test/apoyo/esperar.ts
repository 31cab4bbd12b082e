// Polls a condition until it holds or a deadline passes (tests never sleep to synchronise).
export async function esperarHasta(
  condicion: () => boolean | Promise<boolean>,
  plazoMs = 10_000,
  descripcion = 'la condición',
): Promise<void> {
  const limite = Date.now() + plazoMs;
  while (!(await condicion())) {
    if (Date.now() > limite) throw new Error(`no se cumplió ${descripcion} en ${plazoMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
