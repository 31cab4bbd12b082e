import { expect } from 'chai';
import { TIPOS_EVENTO, TOPICOS } from '@alpes/contratos';
import { ErrorSaturacion, loggerNulo, type EventoRecibido, type Suscripcion } from '@alpes/seedwork';
import type { RegistrarResultadoLiquidacion } from '../../src/aplicacion/comandos/registrar-resultado-liquidacion';
import { crearSuscripciones } from '../../src/infraestructura/suscripciones';

const TIPOS: Record<string, string> = {
  [TOPICOS.liquidacionesFinalizadas]: TIPOS_EVENTO.liquidacionFinalizada,
  [TOPICOS.liquidacionesFallidas]: TIPOS_EVENTO.liquidacionFallida,
};

function evento(topico: string, datos: unknown, id = 'ev-1', tipo = TIPOS[topico] ?? 't'): EventoRecibido {
  return { id, tipo, topico, datos, datosCrudos: Buffer.from(JSON.stringify(datos ?? null)) };
}

describe('suscripciones de pagos', () => {
  const recibidos: RegistrarResultadoLiquidacion[] = [];
  let fallar: Error | false = false;
  const procesados: string[] = [];
  const [finalizadas, fallidas, deadLetter] = crearSuscripciones({
    logger: loggerNulo,
    alProcesar: (topico, desenlace) => procesados.push(`${topico}:${desenlace}`),
    registrarResultadoLiquidacion: async (cmd) => {
      if (fallar) throw fallar;
      recibidos.push(cmd);
      return 'pago-desconocido';
    },
  }) as [Suscripcion, Suscripcion, Suscripcion];
  beforeEach(() => {
    recibidos.length = 0;
    procesados.length = 0;
    fallar = false;
  });

  it('se suscribe a liquidaciones-finalizadas y liquidaciones-fallidas, con su propio dead letter', () => {
    expect([finalizadas.topico, fallidas.topico, deadLetter.topico]).to.deep.equal([
      TOPICOS.liquidacionesFinalizadas,
      TOPICOS.liquidacionesFallidas,
      TOPICOS.liquidacionesDlq,
    ]);
    expect(TOPICOS.liquidacionesDlq).to.equal('liquidaciones-dlq');
    expect(finalizadas.topicoDeadLetter).to.equal(TOPICOS.liquidacionesDlq);
    expect(fallidas.topicoDeadLetter).to.equal(TOPICOS.liquidacionesDlq);
    expect(deadLetter.crudo).to.equal(true);
  });

  it('un resultado desconocido va al dead letter (DROP), nunca al caso de uso', async () => {
    const r = await finalizadas.manejar(
      evento(TOPICOS.liquidacionesFinalizadas, { idPago: 'p-1', resultado: 7, intento: 1 }),
    );
    expect(r).to.equal('DROP');
    expect(recibidos).to.have.length(0);
    expect(procesados).to.deep.equal([`${TOPICOS.liquidacionesFinalizadas}:indescifrable`]);
  });

  it('un evento con otro type CloudEvent o sin intento >= 1 va al dead letter (DROP)', async () => {
    const datos = { idPago: 'p-1', resultado: 'RESULTADO_LIQUIDACION_PAGADO', intento: 1 };
    const otroTipo = evento(TOPICOS.liquidacionesFinalizadas, datos, 'ev-1', TIPOS_EVENTO.liquidacionFallida);
    expect(await finalizadas.manejar(otroTipo)).to.equal('DROP');
    const sinIntento = evento(TOPICOS.liquidacionesFinalizadas, { ...datos, intento: 0 });
    expect(await finalizadas.manejar(sinIntento)).to.equal('DROP');
    expect(await fallidas.manejar(evento(TOPICOS.liquidacionesFallidas, { idPago: 'p-1' }))).to.equal('DROP');
    expect(recibidos).to.have.length(0);
  });

  it('el dead letter se registra, se cuenta y se confirma (SUCCESS) sin tocar pagos', async () => {
    const carta = evento(TOPICOS.liquidacionesDlq, { idPago: 'p-1', resultado: 7 }, 'ev-9', 'x');
    expect(await deadLetter.manejar(carta)).to.equal('SUCCESS');
    expect(recibidos).to.have.length(0);
    expect(procesados).to.deep.equal([`${TOPICOS.liquidacionesDlq}:dead-letter`]);
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
    fallar = new Error('base de datos caída');
    const r = await fallidas.manejar(evento(TOPICOS.liquidacionesFallidas, { idPago: 'p-3', intento: 1 }));
    expect(r).to.equal('RETRY');
  });

  it('un resultado rechazado por la agrupación saturada o deteniéndose pide RETRY', async () => {
    fallar = new ErrorSaturacion('resultados de liquidación: 1000 en espera, el máximo');
    const r = await finalizadas.manejar(
      evento(TOPICOS.liquidacionesFinalizadas, {
        idPago: 'p-4',
        resultado: 'RESULTADO_LIQUIDACION_PAGADO',
        intento: 1,
      }),
    );
    expect(r).to.equal('RETRY');
    expect(procesados).to.deep.equal([`${TOPICOS.liquidacionesFinalizadas}:error`]);
  });
});
