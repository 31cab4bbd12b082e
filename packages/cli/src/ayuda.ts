// Help text, generated from the command table so it lists exactly what the parser accepts.
import { COMANDOS, OPCIONES_GLOBALES, buscarComando, type EspecOpcion } from './comandos-especificacion';

const CODIGOS = `códigos de salida:
  0  hecho
  1  otro error (respuesta inesperada, fallo interno)
  2  uso incorrecto (comando u opción desconocidos, valor inválido); no se envió nada
  3  no encontrado (NOT_FOUND, HTTP 404)
  4  rechazado (INVALID_ARGUMENT, ALREADY_EXISTS, FAILED_PRECONDITION, HTTP 4xx)
  5  no disponible (UNAVAILABLE, DEADLINE_EXCEEDED, conexión rechazada, HTTP 503)`;

function opciones(lista: Record<string, EspecOpcion>): string {
  const filas = Object.entries(lista).map(([nombre, o]) => {
    const corta = o.corta ? `-${o.corta}, ` : '';
    return [`  ${corta}--${nombre}${o.valor ? ` <${o.valor}>` : ''}`, o.descripcion] as const;
  });
  const ancho = Math.max(...filas.map(([f]) => f.length));
  return filas.map(([f, d]) => `${f.padEnd(ancho)}  ${d}`).join('\n');
}

export function textoAyuda(grupo?: string, accion?: string): string {
  const espec = grupo && accion ? buscarComando(grupo, accion) : undefined;
  if (espec) {
    const uso = `uso: alpes ${espec.grupo} ${espec.accion}${espec.posicional ? ` <${espec.posicional}>` : ''} [opciones]`;
    const propias = Object.keys(espec.opciones).length ? `\n\nopciones:\n${opciones(espec.opciones)}` : '';
    return `${uso}\n\n${espec.resumen}${propias}\n\nopciones globales:\n${opciones(OPCIONES_GLOBALES)}\n\n${CODIGOS}`;
  }
  const comandos = COMANDOS.filter((c) => !grupo || c.grupo === grupo);
  const filas = comandos.map((c) => [
    `  ${c.grupo} ${c.accion}${c.posicional ? ` <${c.posicional}>` : ''}`,
    c.resumen,
  ]);
  const ancho = Math.max(...filas.map(([f]) => (f ?? '').length));
  return [
    'alpes: operación de pagos, liquidaciones y la pasarela simulada',
    '',
    'uso: alpes <grupo> <comando> [argumentos] [opciones]   (alpes <grupo> <comando> --ayuda)',
    '',
    'comandos:',
    ...filas.map(([f, d]) => `${(f ?? '').padEnd(ancho)}  ${d}`),
    '',
    'opciones globales:',
    opciones(OPCIONES_GLOBALES),
    '',
    CODIGOS,
  ].join('\n');
}
