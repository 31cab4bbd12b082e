// An aggregate's legal state transitions, declared once as a table; both services' states use it.
import { ErrorDominio } from './error-dominio';

export class MaquinaDeEstados<E extends string> {
  /** `transiciones[e]`: the states `e` may go to; a state with none is final. */
  constructor(private readonly transiciones: Readonly<Record<E, readonly E[]>>) {}

  permite(desde: E, hacia: E): boolean {
    return this.transiciones[desde].includes(hacia);
  }

  esFinal(estado: E): boolean {
    return this.transiciones[estado].length === 0;
  }

  /** Refuses an illegal transition as a precondicion on `estado`; `sujeto` names the aggregate ("un pago"). */
  exigir(sujeto: string, desde: E, hacia: E): void {
    if (!this.permite(desde, hacia)) {
      throw ErrorDominio.precondicion('estado', `${sujeto} ${desde} no puede pasar a ${hacia}`);
    }
  }
}
