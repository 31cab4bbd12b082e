import { expect } from 'chai';
import { ErrorDominio, Monto } from '@alpes/seedwork/dominio';
import { Liquidacion, LiquidacionFallida, LiquidacionFinalizada, type DatosInicio } from '../../src/dominio';

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-01T00:00:01Z');

function unaLiquidacion(cambios: Partial<DatosInicio> = {}): Liquidacion {
  return Liquidacion.iniciar(
    {
      id: 'liq-1',
      idPago: 'pago-1',
      idInfluencer: 'inf-1',
      monto: Monto.de('COP', 150000n),
      idCorrelacion: 'corr-1',
      intentoPago: 1,
      ...cambios,
    },
    T0,
  );
}

const llamada = { ocurridoEn: T1, duracionMs: 12 };

describe('Liquidacion (agregado)', () => {
  it('empieza EN_PROCESO sin intentos ni eventos', () => {
    const l = unaLiquidacion();
    expect(l.estado).to.equal('EN_PROCESO');
    expect(l.intentos).to.deep.equal([]);
    expect(l.eventosPendientes).to.deep.equal([]);
  });

  it('un pago de la pasarela la deja EXITOSA con su referencia y anuncia LiquidacionFinalizada PAGADO', () => {
    const l = unaLiquidacion();
    l.registrarLlamada({ tipo: 'pagado', referencia: 'tr_9' }, llamada);
    expect(l.estado).to.equal('EXITOSA');
    expect(l.referenciaPasarela).to.equal('tr_9');
    expect(l.intentos).to.deep.equal([
      { numero: 1, ocurridoEn: T1, resultado: 'EXITOSO', error: '', duracionMs: 12, intentoPago: 1 },
    ]);
    const [evento] = l.eventosPendientes;
    expect(evento).to.be.instanceOf(LiquidacionFinalizada);
    expect(evento).to.include({
      resultado: 'PAGADO',
      referenciaPasarela: 'tr_9',
      idPago: 'pago-1',
      intentoPago: 1,
    });
  });

  it('un rechazo de la pasarela la deja RECHAZADA con el motivo y anuncia RECHAZADO', () => {
    const l = unaLiquidacion();
    l.registrarLlamada({ tipo: 'rechazado', motivo: 'cuenta invalida' }, llamada);
    expect(l.estado).to.equal('RECHAZADA');
    expect(l.instantanea().motivo).to.equal('cuenta invalida');
    expect(l.eventosPendientes[0]).to.include({ resultado: 'RECHAZADO', motivo: 'cuenta invalida' });
  });

  it('un error transitorio se registra como intento y la deja EN_PROCESO sin eventos', () => {
    const l = unaLiquidacion();
    l.registrarLlamada({ tipo: 'transitorio', error: 'HTTP 503' }, llamada);
    l.registrarLlamada({ tipo: 'transitorio', error: 'timeout' }, llamada);
    expect(l.estado).to.equal('EN_PROCESO');
    expect(l.intentos.map((i) => [i.numero, i.resultado, i.error])).to.deep.equal([
      [1, 'ERROR_TRANSITORIO', 'HTTP 503'],
      [2, 'ERROR_TRANSITORIO', 'timeout'],
    ]);
    expect(l.eventosPendientes).to.have.length(0);
  });

  it('marcarFallida pasa EN_PROCESO a FALLIDA con el ultimo error y anuncia LiquidacionFallida una vez', () => {
    const l = unaLiquidacion();
    l.registrarLlamada({ tipo: 'transitorio', error: 'HTTP 503' }, llamada);
    expect(l.marcarFallida(T1)).to.equal(true);
    expect(l.estado).to.equal('FALLIDA');
    expect(l.marcarFallida(T1)).to.equal(false);
    expect(l.eventosPendientes).to.have.length(1);
    expect(l.eventosPendientes[0]).to.be.instanceOf(LiquidacionFallida);
    expect((l.eventosPendientes[0] as LiquidacionFallida).motivo).to.contain('HTTP 503');
  });

  it('una liquidacion final no se marca FALLIDA', () => {
    const l = unaLiquidacion();
    l.registrarLlamada({ tipo: 'pagado', referencia: 'tr_1' }, llamada);
    expect(l.marcarFallida(T1)).to.equal(false);
    expect(l.estado).to.equal('EXITOSA');
  });

  it('una respuesta tardia a una liquidacion ya final queda en el historial sin cambiar el estado ni anunciar', () => {
    const l = unaLiquidacion();
    l.registrarLlamada({ tipo: 'rechazado', motivo: 'x' }, llamada);
    l.extraerEventos();
    l.registrarLlamada({ tipo: 'pagado', referencia: 'tr_1' }, llamada);
    expect(l.estado).to.equal('RECHAZADA');
    expect(l.intentos).to.have.length(2);
    expect(l.eventosPendientes).to.have.length(0);
  });

  it('un pago de la pasarela que llega despues de FALLIDA la pasa a EXITOSA y anuncia PAGADO: el dinero se movio', () => {
    const l = unaLiquidacion();
    l.registrarLlamada({ tipo: 'transitorio', error: 'HTTP 503' }, llamada);
    l.marcarFallida(T1);
    l.extraerEventos();
    l.registrarLlamada({ tipo: 'pagado', referencia: 'tr_tarde' }, llamada);
    expect(l.estado).to.equal('EXITOSA');
    expect(l.instantanea()).to.include({ referenciaPasarela: 'tr_tarde', motivo: '' });
    const [evento] = l.eventosPendientes;
    expect(evento).to.be.instanceOf(LiquidacionFinalizada);
    expect(evento).to.include({ resultado: 'PAGADO', referenciaPasarela: 'tr_tarde', intentoPago: 1 });
  });

  it('un rechazo que llega despues de FALLIDA solo queda en el historial', () => {
    const l = unaLiquidacion();
    l.marcarFallida(T1);
    l.extraerEventos();
    l.registrarLlamada({ tipo: 'rechazado', motivo: 'HTTP 422' }, llamada);
    expect(l.estado).to.equal('FALLIDA');
    expect(l.eventosPendientes).to.have.length(0);
  });

  it('discrepanciaCon nombra el campo que contradice lo guardado; la transferencia lleva lo guardado', () => {
    const l = unaLiquidacion();
    expect(l.discrepanciaCon('inf-1', Monto.de('COP', 150000n))).to.equal(undefined);
    expect(l.discrepanciaCon('inf-2', Monto.de('COP', 150000n))).to.equal('id_influencer');
    expect(l.discrepanciaCon('inf-1', Monto.de('COP', 150001n))).to.equal('monto');
    expect(l.discrepanciaCon('inf-1', Monto.de('USD', 150000n))).to.equal('monto');
    expect(l.transferencia).to.deep.include({ idPago: 'pago-1', idInfluencer: 'inf-1' });
    expect(l.transferencia.monto.igualA(Monto.de('COP', 150000n))).to.equal(true);
  });

  describe('recibirSolicitud', () => {
    it('EN_PROCESO de la misma ronda: llamar a la pasarela', () => {
      expect(unaLiquidacion().recibirSolicitud(1, T1)).to.equal('llamar-pasarela');
    });

    it('una ronda anterior es obsoleta', () => {
      expect(unaLiquidacion({ intentoPago: 2 }).recibirSolicitud(1, T1)).to.equal('obsoleta');
    });

    it('FALLIDA de la misma ronda es obsoleta: solo ReintentarPago (ronda mayor) la reabre', () => {
      const l = unaLiquidacion();
      l.marcarFallida(T0);
      expect(l.recibirSolicitud(1, T1)).to.equal('obsoleta');
      expect(l.estado).to.equal('FALLIDA');
      expect(l.recibirSolicitud(2, T1)).to.equal('llamar-pasarela');
      expect(l.estado).to.equal('EN_PROCESO');
      expect(l.intentoPago).to.equal(2);
      expect(l.instantanea().motivo).to.equal('');
    });

    it('una liquidacion final redelivered es ya-finalizada sin eventos', () => {
      const l = unaLiquidacion();
      l.registrarLlamada({ tipo: 'pagado', referencia: 'tr_1' }, llamada);
      l.extraerEventos();
      expect(l.recibirSolicitud(1, T1)).to.equal('ya-finalizada');
      expect(l.eventosPendientes).to.have.length(0);
    });

    it('una liquidacion final pedida en una ronda mayor reanuncia su resultado con esa ronda', () => {
      const l = unaLiquidacion();
      l.registrarLlamada({ tipo: 'pagado', referencia: 'tr_1' }, llamada);
      l.extraerEventos();
      expect(l.recibirSolicitud(3, T1)).to.equal('reanunciada');
      expect(l.estado).to.equal('EXITOSA');
      expect(l.eventosPendientes[0]).to.include({
        resultado: 'PAGADO',
        intentoPago: 3,
        referenciaPasarela: 'tr_1',
      });
    });
  });

  it('no se inicia con una ronda menor que 1', () => {
    expect(() => unaLiquidacion({ intentoPago: 0 }))
      .to.throw(ErrorDominio)
      .with.property('campo', 'intento');
  });
});
