// Anchor for acceptance: SolicitarPago answered by servidor-eco.ts (pagos' server stack, no domain, no
// database), driven by the bench's own closed loop at each of the SolicitarPago concurrencies. The
// server is a supervised process (bench-eco), so its CPU is read like pagos'.
import * as path from 'node:path';
import { ClientePagos } from '@alpes/cli';
import { grpcSirviendo, puertoLibre, variablesCredencialLocal, type Supervisor } from '@alpes/entorno';
import { corrida, type Contexto, type ResultadoCorrida } from '../medicion';

/** Supervisor name of the echo server (also its column in the CPU table). */
export const PROCESO_ECO = 'bench-eco';

async function iniciarEco(supervisor: Supervisor): Promise<string> {
  const puerto = await puertoLibre();
  await supervisor.iniciar({
    nombre: PROCESO_ECO,
    comando: process.execPath,
    args: [path.join(__dirname, 'servidor-eco.js')],
    env: { ...variablesCredencialLocal(), PUERTO_GRPC: String(puerto) },
    puertos: { grpc: puerto },
    listo: () => grpcSirviendo(`127.0.0.1:${puerto}`),
    tiempoMaximoArranqueMs: 30_000,
  });
  return `127.0.0.1:${puerto}`;
}

/** One closed-loop run per concurrency against the echo; stops the server after. */
export async function medirEco(
  ctx: Contexto,
  supervisor: Supervisor,
  o: { concurrencias: number[]; duracionS: number; calentamientoS: number; plazoRpcMs: number },
): Promise<ResultadoCorrida[]> {
  ctx.progreso('eco gRPC: iniciando el servidor (la pila de pagos sin dominio ni base)…');
  const direccion = await iniciarEco(supervisor);
  const cliente = new ClientePagos(direccion, { plazoMs: o.plazoRpcMs });
  // the echo's own context: no settlement to wait for, no pause, no SQL statistics
  const eco: Contexto = { ...ctx, cliente, aislamiento: undefined, sql: undefined };
  try {
    if (o.calentamientoS > 0) {
      const duracionS = Math.min(3, o.calentamientoS);
      await corrida(eco, {
        modo: 'cerrado',
        concurrencia: 16,
        tasa: 0,
        duracionS,
        fase: 'eco-calentamiento',
      });
    }
    const corridas: ResultadoCorrida[] = [];
    for (const concurrencia of o.concurrencias) {
      corridas.push(
        await corrida(eco, {
          modo: 'cerrado',
          concurrencia,
          tasa: 0,
          duracionS: o.duracionS,
          fase: `eco-${concurrencia}`,
        }),
      );
    }
    return corridas;
  } finally {
    cliente.cerrar();
    await supervisor.detener(PROCESO_ECO);
  }
}
