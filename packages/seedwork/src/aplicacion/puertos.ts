// Ports every application layer needs. Adapters live in infraestructura/ (RelojSistema, UnidadDeTrabajoKnex).

declare const marcaTransaccion: unique symbol;

/** An open transaction, opaque to the application: only the infrastructure that created it looks inside. */
export type Transaccion = { readonly [marcaTransaccion]: 'Transaccion' };

/** Runs work in one transaction: everything it writes (aggregate, outbox, inbox) commits or rolls back together. */
export interface UnidadDeTrabajo<Tx = Transaccion> {
  ejecutar<T>(trabajo: (tx: Tx) => Promise<T>): Promise<T>;
}

/** The current time, injected so that tests control it. */
export interface Reloj {
  ahora(): Date;
}

/** New unique identifiers (UUIDs in production), injected so that tests control them. */
export interface GeneradorIds {
  nuevo(): string;
}
