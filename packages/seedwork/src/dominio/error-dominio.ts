// Errors of the domain and application carry a kind and the offending field; the edge (gRPC) maps
// the kind to a status code in one place (grpc/errores.ts), so nothing else knows status codes.

/** The four kinds of expected failure a use case can report. */
export type TipoErrorDominio = 'invalido' | 'no-encontrado' | 'conflicto' | 'precondicion';

/** A rule of the domain or application was not met; `campo` names the offending field (snake_case, as in the contract). */
export class ErrorDominio extends Error {
  constructor(
    readonly tipo: TipoErrorDominio,
    mensaje: string,
    readonly campo?: string,
  ) {
    super(mensaje);
    this.name = 'ErrorDominio';
  }

  /** Bad input: INVALID_ARGUMENT at the edge. */
  static invalido(campo: string, mensaje: string): ErrorDominio {
    return new ErrorDominio('invalido', mensaje, campo);
  }

  /** The thing asked for does not exist: NOT_FOUND at the edge. */
  static noEncontrado(campo: string, mensaje: string): ErrorDominio {
    return new ErrorDominio('no-encontrado', mensaje, campo);
  }

  /** Clashes with something that exists (e.g. an idempotency key with another payload): ALREADY_EXISTS. */
  static conflicto(campo: string, mensaje: string): ErrorDominio {
    return new ErrorDominio('conflicto', mensaje, campo);
  }

  /** The aggregate is not in a state that allows the operation: FAILED_PRECONDITION. */
  static precondicion(campo: string, mensaje: string): ErrorDominio {
    return new ErrorDominio('precondicion', mensaje, campo);
  }
}

/** Another writer changed the aggregate (version) or took a unique key first; the use case may retry. */
export class ErrorConcurrencia extends ErrorDominio {
  constructor(mensaje: string, campo = 'version') {
    super('conflicto', mensaje, campo);
    this.name = 'ErrorConcurrencia';
  }
}

/** Type guard for ErrorDominio (also true for ErrorConcurrencia). */
export function esErrorDominio(error: unknown): error is ErrorDominio {
  return error instanceof ErrorDominio;
}
