// Progress for long steps (a cold daprd or helm build takes minutes). On a terminal: one live line
// per step, rewritten in place with its phase and elapsed time. Elsewhere (CI logs, where a
// rewritten line would pile up): the start line, each new phase, a reminder every minute, the result.
const LATIDO_TERMINAL_MS = 1_000;
const LATIDO_REGISTRO_MS = 60_000;
const BORRAR_LINEA = '\r\x1b[2K';

/** Names what a step is doing now ("downloading modules", "compiling"). */
export type Fase = (fase: string) => void;

/** The live line on screen, if any: other lines are written above it, then it is redrawn. */
let lineaViva: string | undefined;

const enTerminal = () => Boolean(process.stderr.isTTY);
const segundos = (inicio: number) => Math.round((Date.now() - inicio) / 1000);

function escribir(linea: string): void {
  const viva = enTerminal() && lineaViva !== undefined;
  process.stderr.write(`${viva ? BORRAR_LINEA : ''}${linea}\n${viva ? lineaViva : ''}`);
}

export function paso(texto: string): void {
  escribir(`▸ ${texto}`);
}

export async function conProgreso<T>(texto: string, trabajo: (fase: Fase) => Promise<T>): Promise<T> {
  const inicio = Date.now();
  const terminal = enTerminal();
  const anterior = lineaViva; // a step inside a step: its line returns when the inner one ends
  let fase = '';
  const estado = () => `${fase ? `${fase}, ` : ''}${segundos(inicio)} s`;
  const dibujar = () => {
    lineaViva = `▸ ${texto}… ${estado()}`;
    process.stderr.write(BORRAR_LINEA + lineaViva);
  };
  const cambiarFase: Fase = (nueva) => {
    fase = nueva;
    if (terminal) dibujar();
    else process.stderr.write(`  … ${texto}: ${estado()}\n`);
  };
  if (terminal) dibujar();
  else paso(`${texto}…`);
  const latido = terminal
    ? setInterval(dibujar, LATIDO_TERMINAL_MS)
    : setInterval(() => process.stderr.write(`  … ${texto}: ${estado()}\n`), LATIDO_REGISTRO_MS);
  const terminar = (linea: string) => {
    clearInterval(latido);
    lineaViva = anterior;
    if (terminal) process.stderr.write(`${BORRAR_LINEA}${linea}\n${anterior ?? ''}`);
    else process.stderr.write(`${linea}\n`);
  };
  try {
    const resultado = await trabajo(cambiarFase);
    terminar(`✓ ${texto} (${((Date.now() - inicio) / 1000).toFixed(1)} s)`);
    return resultado;
  } catch (error) {
    terminar(`✗ ${texto} (failed after ${((Date.now() - inicio) / 1000).toFixed(1)} s)`);
    throw error;
  }
}
