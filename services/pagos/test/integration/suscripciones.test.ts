import { expect } from 'chai';
import { TOPICOS } from '@alpes/contratos';
import type { EventoRecibido, Suscripcion } from '@alpes/seedwork';
import { entornoPagos, type EntornoPagos } from '../apoyo/entorno-bd';
import { datosSolicitud } from '../apoyo/madres';

function finalizada(idEvento: string, datos: object): EventoRecibido {
  return {
    id: idEvento,
    tipo: 'alpespartners.eventos.v1.LiquidacionFinalizada',
    topico: TOPICOS.liquidacionesFinalizadas,
    datos,
    datosCrudos: Buffer.from(JSON.stringify(datos)),
  };
}

describe('suscripciones con inbox (Postgres real)', function () {
  this.timeout(30_000);
  let e: EntornoPagos;
  let suscripcion: Suscripcion;

  before(async () => {
    e = await entornoPagos();
    suscripcion = e.contenedor.cradle.suscripciones.find(
      (s) => s.topico === TOPICOS.liquidacionesFinalizadas,
    )!;
  });
  after(async () => {
    await e?.cerrar();
  });

  async function nuevoPago() {
    return (await e.contenedor.cradle.solicitarPago({ ...datosSolicitud(), idCorrelacion: 'c' })).pago.id;
  }

  it('la misma LiquidacionFinalizada entregada varias veces (también a la vez) se aplica una vez', async () => {
    const id = await nuevoPago();
    const evento = finalizada('ev-dup', {
      idPago: id,
      resultado: 'RESULTADO_LIQUIDACION_PAGADO',
      referenciaPasarela: 'psp-1',
      intento: 1,
    });
    const respuestas = await Promise.all([1, 2, 3, 4].map(() => suscripcion.manejar(evento)));
    expect(respuestas).to.deep.equal(['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(await suscripcion.manejar(evento)).to.equal('SUCCESS');
    const pago = await e.bd.knex('pagos').where({ id }).first();
    expect(pago).to.include({ estado: 'PAGADO', referencia_pasarela: 'psp-1', version: 2 });
    expect(await e.bd.knex('pagos_historial').where({ id_pago: id })).to.have.length(2);
    expect(await e.bd.knex('inbox').where({ id_evento: 'ev-dup' })).to.have.length(1);
  });

  it('un evento de un pago desconocido se confirma y no reaparece', async () => {
    const evento = finalizada('ev-x', {
      idPago: '00000000-0000-4000-8000-000000000000',
      resultado: 'RESULTADO_LIQUIDACION_RECHAZADO',
      intento: 1,
    });
    expect(await suscripcion.manejar(evento)).to.equal('SUCCESS');
  });

  it('RECHAZADO deja el pago RECHAZADO con el motivo', async () => {
    const id = await nuevoPago();
    await suscripcion.manejar(
      finalizada('ev-r', {
        idPago: id,
        resultado: 'RESULTADO_LIQUIDACION_RECHAZADO',
        motivo: 'cuenta inválida',
        intento: 1,
      }),
    );
    expect(await e.bd.knex('pagos').where({ id }).first()).to.include({
      estado: 'RECHAZADO',
      motivo: 'cuenta inválida',
    });
  });

  it('un PAGADO que llega después de LiquidacionFallida deja el pago PAGADO: el dinero se movió', async () => {
    const id = await nuevoPago();
    const fallidas = e.contenedor.cradle.suscripciones.find(
      (s) => s.topico === TOPICOS.liquidacionesFallidas,
    )!;
    const fallida = { idPago: id, motivo: 'reintentos agotados', intento: 1 };
    expect(
      await fallidas.manejar({
        id: 'ev-fallida',
        tipo: 'alpespartners.eventos.v1.LiquidacionFallida',
        topico: TOPICOS.liquidacionesFallidas,
        datos: fallida,
        datosCrudos: Buffer.from(JSON.stringify(fallida)),
      }),
    ).to.equal('SUCCESS');
    expect(await e.bd.knex('pagos').where({ id }).first()).to.include({ estado: 'FALLIDO' });
    const tarde = finalizada('ev-tarde', {
      idPago: id,
      resultado: 'RESULTADO_LIQUIDACION_PAGADO',
      referenciaPasarela: 'psp-tarde',
      intento: 1,
    });
    expect(await suscripcion.manejar(tarde)).to.equal('SUCCESS');
    expect(await e.bd.knex('pagos').where({ id }).first()).to.include({
      estado: 'PAGADO',
      referencia_pasarela: 'psp-tarde',
    });
    const historial = await e.bd.knex('pagos_historial').where({ id_pago: id }).orderBy('orden');
    expect(historial.map((h: { hacia: string }) => h.hacia)).to.deep.equal([
      'SOLICITADO',
      'FALLIDO',
      'PAGADO',
    ]);
  });

  it('un resultado desconocido o un evento sin intento va al dead letter (DROP) y no cambia el pago', async () => {
    const id = await nuevoPago();
    const desconocido = finalizada('ev-raro', { idPago: id, resultado: 9, intento: 1 });
    expect(await suscripcion.manejar(desconocido)).to.equal('DROP');
    const sinIntento = finalizada('ev-sin-intento', {
      idPago: id,
      resultado: 'RESULTADO_LIQUIDACION_PAGADO',
    });
    expect(await suscripcion.manejar(sinIntento)).to.equal('DROP');
    const otroTipo = {
      ...finalizada('ev-otro-tipo', { idPago: id, resultado: 'RESULTADO_LIQUIDACION_PAGADO', intento: 1 }),
      tipo: 'x.Y',
    };
    expect(await suscripcion.manejar(otroTipo)).to.equal('DROP');
    expect(await e.bd.knex('pagos').where({ id }).first()).to.include({ estado: 'SOLICITADO' });
    expect(
      await e.bd.knex('inbox').whereIn('id_evento', ['ev-raro', 'ev-sin-intento', 'ev-otro-tipo']),
    ).to.have.length(0);
  });
});
