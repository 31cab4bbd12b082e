import { expect } from 'chai';
import { ErrorDominio } from '@alpes/seedwork';
import {
  MOTIVO_PAGO_TARDIO,
  PagoFallido,
  PagoPagado,
  PagoRechazado,
  PagoSolicitado,
  esFinal,
  type EstadoPago,
} from '../../src/dominio';
import { AHORA, unPago, unPagoFallido } from '../apoyo/madres';

const DESPUES = new Date(AHORA.getTime() + 60_000);

function precondicion(fn: () => void): ErrorDominio {
  try {
    fn();
  } catch (e) {
    if (e instanceof ErrorDominio && e.tipo === 'precondicion') return e;
    throw e;
  }
  throw new Error('se permitió una transición ilegal');
}

describe('Pago: máquina de estados', () => {
  it('un pago solicitado queda SOLICITADO, intento 1, con su historia y un PagoSolicitado', () => {
    const pago = unPago();
    expect(pago.estado).to.equal('SOLICITADO');
    expect(pago.intentos).to.equal(1);
    expect(pago.historial).to.deep.equal([
      { desde: null, hacia: 'SOLICITADO', motivo: '', ocurridoEn: AHORA },
    ]);
    const [evento] = pago.extraerEventos();
    expect(evento).to.be.instanceOf(PagoSolicitado);
    expect((evento as PagoSolicitado).datos.intento).to.equal(1);
    expect((evento as PagoSolicitado).datos.monto.unidadesMenores).to.equal(150000n);
  });

  it('la pasarela paga: PAGADO con referencia, transición registrada y evento', () => {
    const pago = unPago();
    pago.extraerEventos();
    pago.marcarPagado('psp-77', DESPUES);
    expect(pago.estado).to.equal('PAGADO');
    expect(pago.instantanea().referenciaPasarela).to.equal('psp-77');
    expect(pago.instantanea().actualizadoEn).to.equal(DESPUES);
    expect(pago.historial[1]).to.deep.equal({
      desde: 'SOLICITADO',
      hacia: 'PAGADO',
      motivo: '',
      ocurridoEn: DESPUES,
    });
    expect(pago.extraerEventos()[0]).to.be.instanceOf(PagoPagado);
  });

  it('un pago rechazado por la pasarela queda RECHAZADO con su motivo y es final', () => {
    const pago = unPago();
    pago.marcarRechazado('cuenta inválida', DESPUES);
    expect(pago.instantanea().motivo).to.equal('cuenta inválida');
    expect(pago.extraerEventos().map((e) => e.constructor)).to.deep.equal([PagoSolicitado, PagoRechazado]);
    expect(esFinal(pago.estado)).to.equal(true);
    precondicion(() => pago.reintentar(DESPUES));
  });

  it('un pago fallido se reintenta: SOLICITADO, intento 2, nuevo PagoSolicitado con intento 2', () => {
    const pago = unPagoFallido();
    pago.reintentar(DESPUES);
    expect(pago.estado).to.equal('SOLICITADO');
    expect(pago.intentos).to.equal(2);
    expect(pago.instantanea().motivo).to.equal('');
    const [evento] = pago.extraerEventos() as PagoSolicitado[];
    expect(evento!.datos.intento).to.equal(2);
    expect(evento!.desde).to.equal('FALLIDO');
    expect(pago.historial.map((t) => t.hacia)).to.deep.equal(['SOLICITADO', 'FALLIDO', 'SOLICITADO']);
  });

  it('solo se reintenta un pago FALLIDO', () => {
    const e = precondicion(() => unPago().reintentar(DESPUES));
    expect(e.campo).to.equal('estado');
    expect(e.message).to.contain('SOLICITADO');
  });

  it('las transiciones ilegales no cambian nada ni emiten eventos', () => {
    const casos: [string, (p: ReturnType<typeof unPago>) => void][] = [
      ['pagar un pago pagado', (p) => p.marcarPagado('r2', DESPUES)],
      ['rechazar un pago pagado', (p) => p.marcarRechazado('x', DESPUES)],
      ['fallar un pago pagado', (p) => p.marcarFallido('x', DESPUES)],
    ];
    for (const [nombre, accion] of casos) {
      const pago = unPago();
      pago.marcarPagado('r1', DESPUES);
      pago.extraerEventos();
      const antes = pago.instantanea();
      precondicion(() => accion(pago));
      expect(pago.instantanea(), nombre).to.deep.equal(antes);
      expect(pago.eventosPendientes, nombre).to.have.length(0);
    }
    const fallido = unPagoFallido();
    precondicion(() => fallido.marcarRechazado('r', DESPUES));
    expect(fallido.estado).to.equal('FALLIDO' satisfies EstadoPago);
  });

  it('un pago FALLIDO que la pasarela confirma tarde pasa a PAGADO: el dinero se movió', () => {
    const pago = unPagoFallido();
    pago.extraerEventos();
    pago.marcarPagado('tr_tarde', DESPUES);
    expect(pago.estado).to.equal('PAGADO' satisfies EstadoPago);
    expect(pago.instantanea()).to.include({ referenciaPasarela: 'tr_tarde', motivo: '' });
    const [evento] = pago.eventosPendientes;
    expect(evento).to.include({ tipo: 'PagoPagado', desde: 'FALLIDO', hacia: 'PAGADO' });
    expect(pago.historial.at(-1)).to.include({
      desde: 'FALLIDO',
      hacia: 'PAGADO',
      motivo: MOTIVO_PAGO_TARDIO,
    });
  });

  it('cada transición emite exactamente un evento', () => {
    const pago = unPago();
    pago.marcarFallido('agotado', DESPUES);
    pago.reintentar(DESPUES);
    pago.marcarPagado('r', DESPUES);
    const tipos = pago.extraerEventos().map((e) => e.constructor);
    expect(tipos).to.deep.equal([PagoSolicitado, PagoFallido, PagoSolicitado, PagoPagado]);
    expect(pago.historial).to.have.length(4);
  });
});
