import { Monto, textoValido, type DatosMonto } from '@alpes/seedwork/dominio';

/** A SolicitarPago payload as received (any field may be missing). */
export interface DatosSolicitudPago {
  claveIdempotencia?: string;
  idInfluencer?: string;
  idPrograma?: string;
  referencia?: string;
  monto?: DatosMonto;
}

const LARGO_MAXIMO_ID = 128;
const LARGO_MAXIMO_REFERENCIA = 256;

/** A validated payment request: what the idempotency key stands for. Immutable. */
export class SolicitudPago {
  private constructor(
    readonly claveIdempotencia: string,
    readonly idInfluencer: string,
    readonly idPrograma: string,
    readonly referencia: string,
    readonly monto: Monto,
  ) {
    Object.freeze(this);
  }

  /**
   * Validates in contract field order; the first problem is thrown naming its field. Text is NFC and
   * free of control characters (seedwork textoValido), so idempotency compares what the client sees.
   */
  static de(datos: DatosSolicitudPago): SolicitudPago {
    const id = { largoMaximo: LARGO_MAXIMO_ID, obligatorio: true };
    const clave = textoValido(datos.claveIdempotencia, 'clave_idempotencia', id);
    const idInfluencer = textoValido(datos.idInfluencer, 'id_influencer', id);
    const monto = Monto.desde(datos.monto);
    const idPrograma = textoValido(datos.idPrograma, 'id_programa', { largoMaximo: LARGO_MAXIMO_ID });
    const referencia = textoValido(datos.referencia, 'referencia', { largoMaximo: LARGO_MAXIMO_REFERENCIA });
    return new SolicitudPago(clave, idInfluencer, idPrograma, referencia, monto);
  }
}
