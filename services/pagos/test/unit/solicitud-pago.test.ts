import { expect } from 'chai';
import { ErrorDominio } from '@alpes/seedwork';
import { Pago, SolicitudPago } from '../../src/dominio';
import { AHORA, datosSolicitud } from '../apoyo/madres';

function campoRechazado(datos: Parameters<typeof SolicitudPago.de>[0]): string | undefined {
  try {
    SolicitudPago.de(datos);
  } catch (e) {
    if (e instanceof ErrorDominio && e.tipo === 'invalido') return e.campo;
    throw e;
  }
  return undefined;
}

describe('SolicitudPago', () => {
  it('una solicitud completa es válida; id_programa y referencia son opcionales', () => {
    expect(campoRechazado(datosSolicitud())).to.equal(undefined);
    expect(campoRechazado(datosSolicitud({ idPrograma: '', referencia: '' }))).to.equal(undefined);
  });

  it('cada campo obligatorio ausente se rechaza nombrándolo', () => {
    expect(campoRechazado(datosSolicitud({ claveIdempotencia: '' }))).to.equal('clave_idempotencia');
    expect(campoRechazado(datosSolicitud({ claveIdempotencia: '   ' }))).to.equal('clave_idempotencia');
    expect(campoRechazado(datosSolicitud({ idInfluencer: undefined }))).to.equal('id_influencer');
    expect(campoRechazado(datosSolicitud({ monto: undefined }))).to.equal('monto');
    expect(campoRechazado(datosSolicitud({ monto: { moneda: 'COP' } }))).to.equal('monto.unidades_menores');
    expect(campoRechazado(datosSolicitud({ monto: { unidadesMenores: 5n } }))).to.equal('monto.moneda');
  });

  it('textos demasiado largos se rechazan nombrando el campo', () => {
    expect(campoRechazado(datosSolicitud({ idPrograma: 'x'.repeat(129) }))).to.equal('id_programa');
    expect(campoRechazado(datosSolicitud({ referencia: 'x'.repeat(257) }))).to.equal('referencia');
  });

  it('NUL y caracteres de control en cualquier texto se rechazan nombrando el campo', () => {
    expect(campoRechazado(datosSolicitud({ claveIdempotencia: 'k\u0000' }))).to.equal('clave_idempotencia');
    expect(campoRechazado(datosSolicitud({ idInfluencer: 'inf\u0000-1' }))).to.equal('id_influencer');
    expect(campoRechazado(datosSolicitud({ idPrograma: 'p\n1' }))).to.equal('id_programa');
    expect(campoRechazado(datosSolicitud({ referencia: 'ref\u001b[31m' }))).to.equal('referencia');
  });

  it('los textos se normalizan a NFC: la misma solicitud escrita compuesta o descompuesta es la misma', () => {
    const clave = 'clave-nfc';
    const compuesta = SolicitudPago.de(
      datosSolicitud({ claveIdempotencia: clave, referencia: 'comisi\u00f3n' }),
    );
    const descompuesta = SolicitudPago.de(
      datosSolicitud({ claveIdempotencia: clave, referencia: 'comisio\u0301n' }),
    );
    expect(descompuesta.referencia).to.equal(compuesta.referencia);
    expect(Pago.solicitar('p-1', compuesta, 'c', AHORA).esLaMismaSolicitud(descompuesta)).to.equal(true);
  });
});
