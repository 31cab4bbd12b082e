import { expect } from 'chai';
import { ErrorDominio } from '@alpes/seedwork';
import { SolicitudPago } from '../../src/dominio';
import { datosSolicitud } from '../apoyo/madres';

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
});
