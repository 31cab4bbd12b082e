import { reintentarSiConcurrencia } from '@alpes/seedwork/aplicacion';
import { ErrorDominio } from '@alpes/seedwork/dominio';
import type { Pago } from '../../dominio';
import { esIdPago } from '../validaciones';
import type { Inbox, Reloj, RepositorioPagos, UnidadDeTrabajo } from '../puertos';

/** Consumer name of pagos in the inbox. */
export const CONSUMIDOR_PAGOS = 'pagos';

/** Command from an event of liquidacion: the settlement of attempt `intento` ended. */
export interface RegistrarResultadoLiquidacion {
  /** Id of the event (CloudEvent id): the inbox key. */
  idEvento: string;
  idPago: string;
  resultado: 'PAGADO' | 'RECHAZADO' | 'FALLIDO';
  referenciaPasarela: string;
  motivo: string;
  /** Attempt (round) the result belongs to: 1 or more (the subscriber refuses events without one). */
  intento: number;
}

/**
 * What happened to the event. Only 'aplicado' changed the pago; every outcome is final for the message
 * (the subscriber acks it): a redelivery, an unknown pago, a result for an older attempt or an illegal
 * transition must never loop.
 */
export type DesenlaceResultado =
  'aplicado' | 'repetido' | 'pago-desconocido' | 'intento-obsoleto' | 'transicion-ilegal';

export interface Dependencias {
  repositorio: RepositorioPagos;
  unidadDeTrabajo: UnidadDeTrabajo;
  reloj: Reloj;
  inbox: Inbox;
}

/** Applies LiquidacionFinalizada / LiquidacionFallida to the pago, at most once per event id. */
export const registrarResultadoLiquidacion =
  ({ repositorio, unidadDeTrabajo, reloj, inbox }: Dependencias) =>
  async (cmd: RegistrarResultadoLiquidacion): Promise<DesenlaceResultado> =>
    reintentarSiConcurrencia(() =>
      unidadDeTrabajo.ejecutar(async (tx): Promise<DesenlaceResultado> => {
        if (!(await inbox.registrarSiNuevo(tx, cmd.idEvento, CONSUMIDOR_PAGOS))) return 'repetido';
        const id = idPagoDe(cmd);
        const pago = id ? await repositorio.porId(tx, id) : undefined;
        const desenlace = aplicarResultado(pago, cmd, reloj.ahora());
        if (desenlace === 'aplicado') await repositorio.guardar(tx, pago!);
        return desenlace;
      }),
    );

/** The pago id of `cmd` as stored (lower case), or undefined when it is not one (then no pago has it). */
export function idPagoDe(cmd: RegistrarResultadoLiquidacion): string | undefined {
  return esIdPago(cmd.idPago) ? cmd.idPago.toLowerCase() : undefined;
}

/**
 * Applies the result of a new event to its loaded pago (undefined: none has that id), in memory: only
 * 'aplicado' changed it (the caller saves it).
 */
export function aplicarResultado(
  pago: Pago | undefined,
  cmd: RegistrarResultadoLiquidacion,
  ahora: Date,
): Exclude<DesenlaceResultado, 'repetido'> {
  if (!pago) return 'pago-desconocido';
  if (cmd.intento !== pago.intentos) return 'intento-obsoleto';
  try {
    aplicar(pago, cmd, ahora);
  } catch (error) {
    if (error instanceof ErrorDominio && error.tipo === 'precondicion') return 'transicion-ilegal';
    throw error;
  }
  return 'aplicado';
}

function aplicar(pago: Pago, cmd: RegistrarResultadoLiquidacion, ahora: Date): void {
  switch (cmd.resultado) {
    case 'PAGADO':
      return pago.marcarPagado(cmd.referenciaPasarela, ahora);
    case 'RECHAZADO':
      return pago.marcarRechazado(cmd.motivo, ahora);
    case 'FALLIDO':
      return pago.marcarFallido(cmd.motivo, ahora);
  }
}
