import { reintentarSiConcurrencia } from '@alpes/seedwork/aplicacion';
import type { Pago } from '../../dominio';
import {
  aplicarResultado,
  CONSUMIDOR_PAGOS,
  idPagoDe,
  type DesenlaceResultado,
  type Dependencias,
  type RegistrarResultadoLiquidacion,
} from './registrar-resultado-liquidacion';

/**
 * registrarResultadoLiquidacion for many events in ONE transaction (group commit of concurrent
 * deliveries): one inbox write for all the event ids, one load of all their pagos, each result applied in
 * memory as one alone would be, one save of every pago that changed. The outcome of each command, in
 * order. An event id already seen, or seen earlier in the same list, is 'repetido'; results for the same
 * pago are applied in list order to the same pago. Any failure rolls back all of it (the inbox rows too).
 */
export const registrarResultadosLiquidacion =
  ({ repositorio, unidadDeTrabajo, reloj, inbox }: Dependencias) =>
  async (cmds: readonly RegistrarResultadoLiquidacion[]): Promise<DesenlaceResultado[]> =>
    reintentarSiConcurrencia(() =>
      unidadDeTrabajo.ejecutar(async (tx): Promise<DesenlaceResultado[]> => {
        const nuevos = await inbox.registrarNuevos(
          tx,
          [...new Set(cmds.map((c) => c.idEvento))],
          CONSUMIDOR_PAGOS,
        );
        // the first command with a new id takes it: a later one with the same id is a redelivery
        const aplicables = cmds.map((c) => nuevos.delete(c.idEvento));
        const ids = new Set(cmds.filter((_, i) => aplicables[i]).map(idPagoDe));
        ids.delete(undefined);
        const pagos =
          ids.size > 0 ? await repositorio.porIds(tx, [...ids] as string[]) : new Map<string, Pago>();
        const cambiados = new Set<Pago>();
        const desenlaces = cmds.map((cmd, i): DesenlaceResultado => {
          if (!aplicables[i]) return 'repetido';
          const id = idPagoDe(cmd);
          const pago = id === undefined ? undefined : pagos.get(id);
          const desenlace = aplicarResultado(pago, cmd, reloj.ahora());
          if (desenlace === 'aplicado') cambiados.add(pago!);
          return desenlace;
        });
        if (cambiados.size > 0) await repositorio.guardarVarios(tx, [...cambiados]);
        return desenlaces;
      }),
    );
