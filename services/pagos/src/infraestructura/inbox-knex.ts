import { registrarSiNuevo, type Transaccion } from '@alpes/seedwork';
import type { Inbox } from '../aplicacion/puertos';

/** The Inbox port on the seedwork's inbox table. */
export class InboxKnex implements Inbox {
  registrarSiNuevo(tx: Transaccion, idEvento: string, consumidor: string): Promise<boolean> {
    return registrarSiNuevo(tx, idEvento, consumidor);
  }
}
