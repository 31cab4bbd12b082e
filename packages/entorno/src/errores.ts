/** An error whose message tells the user what to do; the CLIs print it without a stack trace. */
export class ErrorEntorno extends Error {
  constructor(mensaje: string) {
    super(mensaje);
    this.name = 'ErrorEntorno';
  }
}
