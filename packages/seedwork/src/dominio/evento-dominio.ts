// Domain events say what happened to an aggregate. They carry no transport id: the outbox gives each
// row its own id when it is written, so a re-raised event (e.g. a retry) is a new message.

/** Base of every domain event: which aggregate, what happened (`tipo`) and when. */
export abstract class EventoDominio {
  /** Name of the event, e.g. 'PagoSolicitado'. */
  abstract readonly tipo: string;

  protected constructor(
    readonly idAgregado: string,
    readonly ocurridoEn: Date,
  ) {}
}
