import type { EventoDominio } from './evento-dominio';

/** Base of aggregate roots: identity, persisted version (optimistic concurrency) and pending domain events. */
export abstract class RaizAgregado<E extends EventoDominio = EventoDominio> {
  private eventos: E[] = [];

  protected constructor(
    readonly id: string,
    private versionActual: number,
  ) {}

  /** Version stored in the database; 0 for an aggregate never saved. */
  get version(): number {
    return this.versionActual;
  }

  /** Events raised since the aggregate was loaded or last saved, oldest first. */
  get eventosPendientes(): readonly E[] {
    return this.eventos;
  }

  /** Records a domain event to be written (outbox) with the aggregate. */
  protected registrar(evento: E): void {
    this.eventos.push(evento);
  }

  /** Returns the pending events and forgets them (the repository calls it when saving). */
  extraerEventos(): E[] {
    const eventos = this.eventos;
    this.eventos = [];
    return eventos;
  }

  /** Called by the repository once the row is written with `version + 1`. */
  confirmarVersion(nuevaVersion: number): void {
    this.versionActual = nuevaVersion;
  }
}
