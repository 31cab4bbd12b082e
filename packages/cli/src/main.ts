#!/usr/bin/env node
// alpes: the operator CLI. Parses, runs, prints, and exits with a code scripts can rely on
// (see codigos-salida.ts / `alpes --ayuda`).
import { analizarArgumentos } from './argumentos';
import { textoAyuda } from './ayuda';
import { codigoSalidaDe, mensajeDeError } from './codigos-salida';
import { ejecutar, type Salida } from './ejecutar';

export async function principal(argv: string[], env: NodeJS.ProcessEnv, salida: Salida): Promise<number> {
  try {
    const analisis = analizarArgumentos(argv, env);
    if (analisis.tipo === 'ayuda') {
      salida.resultado(textoAyuda(analisis.grupo, analisis.accion));
      return 0;
    }
    return await ejecutar(analisis, salida);
  } catch (error) {
    salida.aviso(`alpes: ${mensajeDeError(error)}\n`);
    return codigoSalidaDe(error);
  }
}

/** Runs the process's command line; bin/alpes.js (the linked `alpes`) calls it. */
export function comoComando(): void {
  const salida: Salida = {
    resultado: (texto) => process.stdout.write(texto.endsWith('\n') ? texto : `${texto}\n`),
    aviso: (texto) => process.stderr.write(texto),
    interactiva: process.stderr.isTTY === true,
  };
  principal(process.argv.slice(2), process.env, salida).then((codigo) => {
    process.exitCode = codigo;
  });
}

if (require.main === module) comoComando();
