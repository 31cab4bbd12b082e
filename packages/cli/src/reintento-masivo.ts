// Bulk replay of FALLIDO pagos: list every id first (keyset pages, so the set being shrunk by the
// replays cannot make the listing skip or loop), then ReintentarPago with bounded concurrency.
// Shared by `alpes pagos reintentar-fallidos` and the outage drill.
import { status } from '@grpc/grpc-js';
import { pagos } from '@alpes/contratos';
import { ErrorGrpc, nombreCodigoGrpc } from './codigos-salida';

export interface PuertoListado {
  listar(solicitud: Partial<pagos.ListarPagosRequest>): Promise<pagos.ListarPagosResponse>;
}

export interface PuertoReintento {
  reintentar(idPago: string): Promise<unknown>;
}

export interface AvanceReintento {
  total: number;
  reintentados: number;
  omitidos: number;
  errores: number;
}

export interface ResultadoReintento {
  total: number;
  reintentados: string[];
  /** No longer FALLIDO when its turn came (FAILED_PRECONDITION): someone else replayed it. */
  omitidos: string[];
  errores: { idPago: string; codigo: string; mensaje: string }[];
}

/** Every id in a state, following next_page_token to the end. */
export async function listarIdsPorEstado(
  cliente: PuertoListado,
  filtro: { estado: pagos.EstadoPago; idInfluencer?: string; tamanoPagina?: number },
  alListar?: (listados: number) => void,
): Promise<string[]> {
  const ids = new Set<string>();
  let pageToken = '';
  do {
    const pagina = await cliente.listar({
      estado: filtro.estado,
      idInfluencer: filtro.idInfluencer ?? '',
      pageSize: filtro.tamanoPagina ?? 500,
      pageToken,
    });
    for (const p of pagina.pagos) ids.add(p.id);
    alListar?.(ids.size);
    pageToken = pagina.nextPageToken;
  } while (pageToken);
  return [...ids];
}

export interface OpcionesReintento {
  concurrencia: number;
  /** Attempts per pago while pagos answers UNAVAILABLE (restarts, failover). */
  intentosSiNoDisponible?: number;
  esperar?: (ms: number) => Promise<void>;
  alAvanzar?: (avance: AvanceReintento) => void;
}

export async function reintentarEnLote(
  cliente: PuertoReintento,
  ids: readonly string[],
  opciones: OpcionesReintento,
): Promise<ResultadoReintento> {
  const esperar = opciones.esperar ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const intentos = opciones.intentosSiNoDisponible ?? 3;
  const resultado: ResultadoReintento = { total: ids.length, reintentados: [], omitidos: [], errores: [] };
  const avisar = () =>
    opciones.alAvanzar?.({
      total: ids.length,
      reintentados: resultado.reintentados.length,
      omitidos: resultado.omitidos.length,
      errores: resultado.errores.length,
    });
  let siguiente = 0;

  const uno = async (idPago: string) => {
    for (let intento = 1; ; intento++) {
      try {
        await cliente.reintentar(idPago);
        resultado.reintentados.push(idPago);
        return;
      } catch (error) {
        const codigo = error instanceof ErrorGrpc ? error.codigo : undefined;
        if (codigo === status.FAILED_PRECONDITION) {
          resultado.omitidos.push(idPago);
          return;
        }
        if (codigo === status.UNAVAILABLE && intento < intentos) {
          await esperar(100 * 4 ** (intento - 1));
          continue;
        }
        resultado.errores.push({
          idPago,
          codigo: codigo === undefined ? 'DESCONOCIDO' : nombreCodigoGrpc(codigo),
          mensaje: error instanceof Error ? error.message : String(error),
        });
        return;
      }
    }
  };

  const trabajador = async () => {
    while (siguiente < ids.length) {
      const id = ids[siguiente++] as string;
      await uno(id);
      avisar();
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(opciones.concurrencia, ids.length)) }, trabajador),
  );
  return resultado;
}
