/**
 * Work refused because the service is saturated (a bounded queue is full, or it is shutting down):
 * nothing was done, the caller may retry later. The gRPC edge answers RESOURCE_EXHAUSTED.
 */
export class ErrorSaturacion extends Error {
  constructor(mensaje: string) {
    super(mensaje);
    this.name = 'ErrorSaturacion';
  }
}
