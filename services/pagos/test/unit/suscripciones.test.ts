import { expect } from 'chai';
import { TOPICOS } from '@alpes/contratos';
import { loggerNulo, type EventoRecibido, type Suscripcion } from '@alpes/seedwork';
import type { RegistrarResultadoLiquidacion } from '../../src/aplicacion/comandos/registrar-resultado-liquidacion';
import { crearSuscripciones } from '../../src/infraestructura/suscripciones';

function evento(topico: string, datos: unknown, id = 'ev-1'): EventoRecibido {
  return { id, tipo: 't', topico, datos, datosCrudos: Buffer.from(JSON.stringify(datos ?? null)) };
}

describe('suscripciones de pagos', () => {
  const recibidos: RegistrarResultadoLiquidacion[] = [];
  let fallar = false;
  const [finalizadas, fallidas] = crearSuscripciones({
    logger: loggerNulo,
    registrarResultadoLiquidacion: async (cmd) => {
      if (fallar) throw new Error('base de datos caída');
      recibidos.push(cmd);
      return 'pago-desconocido';
    },
  }) as [Suscripcion, Suscripcion];
  beforeEach(() => {
    recibidos.length = 0;
    fallar = false;
  });

  it('se suscribe a liquidaciones-finalizadas y liquidaciones-fallidas', () => {
    expect([finalizadas.topico, fallidas.topico]).to.deep.equal([
      TOPICOS.liquidacionesFinalizadas,
      TOPICOS.liquidacionesFallidas,
    ]);
  });

  it('traduce LiquidacionFinalizada y confirma (SUCCESS) aunque el pago sea desconocido', async () => {
    const r = await finalizadas.manejar(
      evento(TOPICOS.liquidacionesFinalizadas, {
        idPago: 'p-1',
        resultado: 'RESULTADO_LIQUIDACION_PAGADO',
        referenciaPasarela: 'psp-9',
        intento: 2,
      }),
    );
    expect(r).to.equal('SUCCESS');
    expect(recibidos[0]).to.deep.include({
      idEvento: 'ev-1',
      idPago: 'p-1',
      resultado: 'PAGADO',
      intento: 2,
    });
    expect(recibidos[0]!.referenciaPasarela).to.equal('psp-9');
  });

  it('LiquidacionFallida se traduce a FALLIDO con su motivo', async () => {
    await fallidas.manejar(
      evento(TOPICOS.liquidacionesFallidas, { idPago: 'p-2', motivo: 'agotado', intento: 1 }),
    );
    expect(recibidos[0]).to.deep.include({ idPago: 'p-2', resultado: 'FALLIDO', motivo: 'agotado' });
  });

  it('un evento indescifrable se descarta (DROP) sin llegar al caso de uso', async () => {
    expect(await finalizadas.manejar(evento(TOPICOS.liquidacionesFinalizadas, undefined))).to.equal('DROP');
    expect(await finalizadas.manejar(evento(TOPICOS.liquidacionesFinalizadas, { resultado: 1 }))).to.equal(
      'DROP',
    );
    expect(
      await finalizadas.manejar(evento(TOPICOS.liquidacionesFinalizadas, { idPago: 'p', resultado: 0 })),
    ).to.equal('DROP');
    expect(recibidos).to.have.length(0);
  });

  it('un fallo inesperado pide RETRY', async () => {
    fallar = true;
    expect(await fallidas.manejar(evento(TOPICOS.liquidacionesFallidas, { idPago: 'p-3' }))).to.equal(
      'RETRY',
    );
  });
});
