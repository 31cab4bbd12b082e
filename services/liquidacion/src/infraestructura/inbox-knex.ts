import { knexDe, registrarSiNuevo, TABLA_INBOX, type Transaccion } from '@alpes/seedwork';
import type { Inbox } from '../aplicacion/puertos';

/** The seedwork inbox table behind the application's Inbox port. */
export class InboxKnex implements Inbox {
  async yaProcesado(tx: Transaccion, idEvento: string, consumidor: string): Promise<boolean> {
    const fila = await knexDe(tx)(TABLA_INBOX).where({ id_evento: idEvento, consumidor }).first('id_evento');
    return fila !== undefined;
  }

  registrarSiNuevo(tx: Transaccion, idEvento: string, consumidor: string): Promise<boolean> {
    return registrarSiNuevo(tx, idEvento, consumidor);
  }
}
