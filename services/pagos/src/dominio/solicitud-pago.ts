import { ErrorDominio, Monto, type DatosMonto } from '@alpes/seedwork/dominio';

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

  /** Validates in contract field order; the first problem is thrown naming its field. */
  static de(datos: DatosSolicitudPago): SolicitudPago {
    const clave = texto(datos.claveIdempotencia, 'clave_idempotencia', LARGO_MAXIMO_ID, true);
    const idInfluencer = texto(datos.idInfluencer, 'id_influencer', LARGO_MAXIMO_ID, true);
    const monto = Monto.desde(datos.monto);
    const idPrograma = texto(datos.idPrograma, 'id_programa', LARGO_MAXIMO_ID, false);
    const referencia = texto(datos.referencia, 'referencia', LARGO_MAXIMO_REFERENCIA, false);
    return new SolicitudPago(clave, idInfluencer, idPrograma, referencia, monto);
  }
}

function texto(valor: string | undefined, campo: string, largoMaximo: number, obligatorio: boolean): string {
  const limpio = (valor ?? '').trim();
  if (obligatorio && limpio === '') throw ErrorDominio.invalido(campo, `${campo} es obligatorio`);
  if (limpio.length > largoMaximo) {
    throw ErrorDominio.invalido(campo, `${campo} admite como máximo ${largoMaximo} caracteres`);
  }
  return limpio;
}
