import { expect } from 'chai';
import { LiquidacionFallida } from '../../src/dominio';
import { procesarDeadLetter, procesarPagoSolicitado } from '../apoyo/entregas';
import { entornoDePrueba, unPagoSolicitado } from '../apoyo/fakes';

describe('procesar dead letter de PagoSolicitado', () => {
  let entorno: ReturnType<typeof entornoDePrueba>;
  let procesarDlq: ReturnType<typeof procesarDeadLetter>;
  let procesar: ReturnType<typeof procesarPagoSolicitado>;
  beforeEach(() => {
    entorno = entornoDePrueba();
    procesarDlq = procesarDeadLetter(entorno.deps);
    procesar = procesarPagoSolicitado(entorno.deps);
  });
  const liquidacion = () => entorno.almacen.estado.liquidaciones.get('pago-1');
  const carta = (datos = {}, evento = {}) =>
    unPagoSolicitado(datos, { topico: 'pagos-solicitados-dlq', ...evento });

  it('marca FALLIDA una liquidacion EN_PROCESO y emite LiquidacionFallida con el ultimo error', async () => {
    entorno.deps.pasarelaPagos.responder({ tipo: 'transitorio', error: 'HTTP 503' });
    await procesar(unPagoSolicitado());
    expect(await procesarDlq(carta())).to.equal('SUCCESS');
    expect(liquidacion()!.estado).to.equal('FALLIDA');
    expect(entorno.almacen.eventos).to.have.length(1);
    const evento = entorno.almacen.eventos[0] as LiquidacionFallida;
    expect(evento).to.be.instanceOf(LiquidacionFallida);
    expect(evento).to.include({ idPago: 'pago-1', idCorrelacion: 'corr-1', intentoPago: 1 });
    expect(evento.motivo).to.contain('HTTP 503');
  });

  it('es idempotente: el mismo dead letter dos veces emite un solo evento', async () => {
    await procesarDlq(carta());
    expect(await procesarDlq(carta())).to.equal('SUCCESS');
    expect(await procesarDlq(carta({}, { id: 'otro-id' }))).to.equal('SUCCESS');
    expect(entorno.almacen.eventos).to.have.length(1);
  });

  it('un dead letter de un pago que nunca llego a liquidacion la crea FALLIDA y lo anuncia', async () => {
    expect(await procesarDlq(carta())).to.equal('SUCCESS');
    expect(liquidacion()).to.include({ estado: 'FALLIDA', idInfluencer: 'inf-1' });
    expect(entorno.almacen.eventos.map((e) => e.tipo)).to.deep.equal(['LiquidacionFallida']);
  });

  it('un dead letter ilegible se registra y se confirma sin efectos', async () => {
    expect(await procesarDlq(carta({}, { datos: undefined, datosCrudos: Buffer.from('{roto') }))).to.equal(
      'SUCCESS',
    );
    expect(await procesarDlq(carta({ monto: undefined }))).to.equal('SUCCESS');
    expect(entorno.almacen.estado.liquidaciones.size).to.equal(0);
    expect(entorno.almacen.eventos).to.have.length(0);
  });

  it('un dead letter que no es un PagoSolicitado (otro type) se confirma sin fallar nada', async () => {
    entorno.deps.pasarelaPagos.responder({ tipo: 'transitorio', error: 'HTTP 503' });
    await procesar(unPagoSolicitado());
    expect(await procesarDlq(carta({}, { tipo: 'otro.Tipo' }))).to.equal('SUCCESS');
    expect(liquidacion()!.estado).to.equal('EN_PROCESO');
    expect(entorno.almacen.eventos).to.have.length(0);
  });

  it('un dead letter con otro monto que el guardado (el evento discrepante) no falla la liquidacion real', async () => {
    entorno.deps.pasarelaPagos.responder({ tipo: 'transitorio', error: 'HTTP 503' });
    await procesar(unPagoSolicitado());
    const otro = { monto: { moneda: 'COP', unidadesMenores: '999999' } };
    expect(await procesarDlq(carta(otro, { id: 'evento-falso' }))).to.equal('SUCCESS');
    expect(liquidacion()!.estado).to.equal('EN_PROCESO');
    expect(entorno.almacen.eventos).to.have.length(0);
  });

  it('un dead letter de una liquidacion ya final se confirma sin evento', async () => {
    await procesar(unPagoSolicitado());
    expect(await procesarDlq(carta())).to.equal('SUCCESS');
    expect(liquidacion()!.estado).to.equal('EXITOSA');
    expect(entorno.almacen.eventos.map((e) => e.tipo)).to.deep.equal(['LiquidacionFinalizada']);
  });

  it('un dead letter de una ronda anterior no falla la ronda en curso', async () => {
    entorno.deps.pasarelaPagos.responder({ tipo: 'transitorio', error: 'HTTP 503' });
    await procesar(unPagoSolicitado({ intento: 2 }, { id: 'evento-2' }));
    expect(await procesarDlq(carta({ intento: 1 }))).to.equal('SUCCESS');
    expect(liquidacion()!.estado).to.equal('EN_PROCESO');
    expect(entorno.almacen.eventos).to.have.length(0);
  });
});
