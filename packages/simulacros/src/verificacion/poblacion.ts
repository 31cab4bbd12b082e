// Every pago a drill created, read back through the public API: the drill's influencer ids are
// unique to the run, so listing by id_influencer finds exactly its pagos (also those whose
// SolicitarPago answer was lost in a fault) and nothing from other runs.
import { nombreEstadoPago } from '@alpes/cli';
import type { pagos } from '@alpes/contratos';
import type { EstadoPagoNombre } from '../carga/seguidor';
import type { PagoObservado } from './invariantes';

export interface PuertoListadoPagos {
  listar(solicitud: Partial<pagos.ListarPagosRequest>): Promise<pagos.ListarPagosResponse>;
}

export function influencersDelSimulacro(idEjecucion: string, cuantos: number): string[] {
  return Array.from({ length: cuantos }, (_, k) => `sim-${idEjecucion}-${k}`);
}

export async function leerPoblacion(
  api: PuertoListadoPagos,
  influencers: readonly string[],
  intentos = 20,
  esperar: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<PagoObservado[]> {
  const todos = new Map<string, PagoObservado>();
  for (const idInfluencer of influencers) {
    let pageToken = '';
    do {
      const r = await conReintentos(
        () => api.listar({ idInfluencer, pageSize: 500, pageToken }),
        intentos,
        esperar,
      );
      for (const p of r.pagos) {
        todos.set(p.id, {
          id: p.id,
          estado: nombreEstadoPago(p.estado) as EstadoPagoNombre,
          claveIdempotencia: p.claveIdempotencia,
        });
      }
      pageToken = r.nextPageToken;
    } while (pageToken);
  }
  return [...todos.values()];
}

/** The system may still be recovering from the last fault when the drill reads it back. */
async function conReintentos<T>(
  hacer: () => Promise<T>,
  intentos: number,
  esperar: (ms: number) => Promise<void>,
) {
  for (let n = 1; ; n++) {
    try {
      return await hacer();
    } catch (error) {
      if (n >= intentos) throw error;
      await esperar(500);
    }
  }
}
