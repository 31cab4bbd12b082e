import { expect } from 'chai';
import { crearLogger, ErrorSaturacion, Monto } from '@alpes/seedwork';
import { LiquidacionFinalizada } from '../../src/dominio';
import { liquidarPago, type LiquidarPago } from '../../src/aplicacion/comandos/liquidar-pago';
import type { SolicitudLiquidacion } from '../../src/aplicacion/comandos/solicitud-liquidacion';
import { procesarDeadLetter, procesarPagoSolicitado } from '../apoyo/entregas';
import {
  entornoDePrueba,
  unPagoSolicitado,
  type PasarelaFalsa,
  type RepositorioEnMemoria,
} from '../apoyo/fakes';

describe('procesar PagoSolicitado (respuestas a Dapr segun DESIGN §4)', () => {
  let entorno: ReturnType<typeof entornoDePrueba>;
  let procesar: ReturnType<typeof procesarPagoSolicitado>;
  let pasarela: PasarelaFalsa;
  beforeEach(() => {
    entorno = entornoDePrueba();
    procesar = procesarPagoSolicitado(entorno.deps);
    pasarela = entorno.deps.pasarelaPagos;
  });
  const liquidacion = () => entorno.almacen.estado.liquidaciones.get('pago-1');

  it('PSP 2xx: SUCCESS, liquidacion EXITOSA y LiquidacionFinalizada PAGADO en el outbox', async () => {
    pasarela.responder({ tipo: 'pagado', referencia: 'tr_42' });
    expect(await procesar(unPagoSolicitado({}, { traceparent: '00-abc-def-01' }))).to.equal('SUCCESS');
    expect(liquidacion()).to.include({
      estado: 'EXITOSA',
      referenciaPasarela: 'tr_42',
      idInfluencer: 'inf-1',
    });
    expect(liquidacion()!.intentos.map((i) => i.resultado)).to.deep.equal(['EXITOSO']);
    expect(entorno.almacen.eventos).to.have.length(1);
    expect(entorno.almacen.eventos[0]).to.be.instanceOf(LiquidacionFinalizada);
    expect(entorno.almacen.eventos[0]).to.include({
      resultado: 'PAGADO',
      idCorrelacion: 'corr-1',
      intentoPago: 1,
    });
    expect(entorno.almacen.estado.eventos[0]!.traceparent).to.equal('00-abc-def-01');
  });

  it('llama a la pasarela con id_pago, id_influencer y el monto del evento', async () => {
    await procesar(unPagoSolicitado());
    expect(pasarela.llamadas).to.have.length(1);
    const [llamada] = pasarela.llamadas;
    expect(llamada).to.include({ idPago: 'pago-1', idInfluencer: 'inf-1' });
    expect(llamada!.monto).to.include({ moneda: 'COP', unidadesMenores: 150000n });
  });

  it('una reentrega con otro monto no se paga: DROP (dead letter), alerta y la pasarela no se llama', async () => {
    const alertas: string[] = [];
    procesar = procesarPagoSolicitado({
      ...entorno.deps,
      alertas: { eventoDiscrepante: (campo) => alertas.push(campo) },
    });
    pasarela.responder({ tipo: 'transitorio', error: 'HTTP 503', estadoHttp: 503 });
    expect(await procesar(unPagoSolicitado())).to.equal('RETRY');
    const otroMonto = unPagoSolicitado({ monto: { moneda: 'COP', unidadesMenores: '9900000' } });
    expect(await procesar(otroMonto)).to.equal('DROP');
    const otroBeneficiario = unPagoSolicitado({ idInfluencer: 'inf-ladron' });
    expect(await procesar(otroBeneficiario)).to.equal('DROP');
    expect(alertas).to.deep.equal(['monto', 'id_influencer']);
    expect(pasarela.llamadas).to.have.length(1);
    expect(liquidacion()).to.include({
      estado: 'EN_PROCESO',
      idInfluencer: 'inf-1',
      unidadesMenores: 150000n,
    });
  });

  it('una ronda nueva llama a la pasarela con el beneficiario y monto guardados', async () => {
    pasarela.responder({ tipo: 'transitorio', error: 'HTTP 503', estadoHttp: 503 });
    await procesar(unPagoSolicitado());
    await procesarDeadLetter(entorno.deps)(unPagoSolicitado({}, { topico: 'pagos-solicitados-dlq' }));
    pasarela.responder({ tipo: 'pagado', referencia: 'tr_2' });
    expect(await procesar(unPagoSolicitado({ intento: 2 }, { id: 'evento-2' }))).to.equal('SUCCESS');
    const ultima = pasarela.llamadas.at(-1)!;
    expect(ultima).to.include({ idPago: 'pago-1', idInfluencer: 'inf-1' });
    expect(ultima.monto.unidadesMenores).to.equal(150000n);
  });

  it('un pago que la pasarela confirma despues del dead letter deja la liquidacion EXITOSA y anuncia PAGADO', async () => {
    const procesarDlq = procesarDeadLetter(entorno.deps);
    // The dead letter is processed while the PSP call is in flight; the PSP then answers 201.
    entorno.deps.pasarelaPagos = {
      llamadas: [],
      transferir: async () => {
        expect(await procesarDlq(unPagoSolicitado({}, { topico: 'pagos-solicitados-dlq' }))).to.equal(
          'SUCCESS',
        );
        return { tipo: 'pagado', referencia: 'tr_tarde' };
      },
    } as unknown as PasarelaFalsa;
    procesar = procesarPagoSolicitado(entorno.deps);
    expect(await procesar(unPagoSolicitado())).to.equal('SUCCESS');
    expect(liquidacion()).to.include({ estado: 'EXITOSA', referenciaPasarela: 'tr_tarde' });
    expect(entorno.almacen.eventos.map((e) => e.tipo)).to.deep.equal([
      'LiquidacionFallida',
      'LiquidacionFinalizada',
    ]);
    expect(entorno.almacen.eventos[1]).to.include({ resultado: 'PAGADO', intentoPago: 1 });
  });

  it('un PagoSolicitado sin intento (o con 0) es invalido: DROP sin llamar a la pasarela', async () => {
    expect(await procesar(unPagoSolicitado({ intento: undefined }))).to.equal('DROP');
    expect(await procesar(unPagoSolicitado({ intento: 0 }))).to.equal('DROP');
    expect(pasarela.llamadas).to.have.length(0);
  });

  it('un PagoSolicitado con NUL en un texto es invalido: DROP (nunca un RETRY que Postgres rechazaria siempre)', async () => {
    expect(await procesar(unPagoSolicitado({ idInfluencer: 'inf\u0000-1' }))).to.equal('DROP');
    expect(pasarela.llamadas).to.have.length(0);
  });

  it('un evento de otro type CloudEvent es invalido: DROP sin llamar a la pasarela', async () => {
    expect(await procesar(unPagoSolicitado({}, { tipo: 'alpespartners.eventos.v1.Otro' }))).to.equal('DROP');
    expect(pasarela.llamadas).to.have.length(0);
  });

  it('rechazo permanente 4xx: SUCCESS, RECHAZADA, LiquidacionFinalizada RECHAZADO y no se reintenta', async () => {
    pasarela.responder({ tipo: 'rechazado', motivo: 'HTTP 422: cuenta invalida', estadoHttp: 422 });
    expect(await procesar(unPagoSolicitado())).to.equal('SUCCESS');
    expect(liquidacion()).to.include({ estado: 'RECHAZADA', motivo: 'HTTP 422: cuenta invalida' });
    expect(entorno.almacen.eventos[0]).to.include({
      resultado: 'RECHAZADO',
      motivo: 'HTTP 422: cuenta invalida',
    });
    expect(await procesar(unPagoSolicitado())).to.equal('SUCCESS');
    expect(pasarela.llamadas).to.have.length(1);
  });

  it('error transitorio: registra el intento, queda EN_PROCESO sin evento y responde RETRY', async () => {
    pasarela.responder({ tipo: 'transitorio', error: 'HTTP 503', estadoHttp: 503 });
    expect(await procesar(unPagoSolicitado())).to.equal('RETRY');
    expect(liquidacion()!.estado).to.equal('EN_PROCESO');
    expect(liquidacion()!.intentos.map((i) => [i.resultado, i.error])).to.deep.equal([
      ['ERROR_TRANSITORIO', 'HTTP 503'],
    ]);
    expect(entorno.almacen.eventos).to.have.length(0);
    expect(entorno.almacen.estado.inbox.size).to.equal(0);
  });

  it('el reintento de Dapr (mismo id de evento) vuelve a llamar y al pagar termina EXITOSA con dos intentos', async () => {
    pasarela.responder({ tipo: 'transitorio', error: 'timeout' }, { tipo: 'pagado', referencia: 'tr_7' });
    expect(await procesar(unPagoSolicitado())).to.equal('RETRY');
    expect(await procesar(unPagoSolicitado())).to.equal('SUCCESS');
    expect(pasarela.llamadas).to.have.length(2);
    expect(liquidacion()!.intentos.map((i) => i.numero)).to.deep.equal([1, 2]);
    expect(liquidacion()!.estado).to.equal('EXITOSA');
    expect(entorno.almacen.eventos).to.have.length(1);
  });

  it('si el adaptador de la pasarela lanza, se trata como transitorio: RETRY', async () => {
    pasarela.responder(new Error('socket hang up'));
    expect(await procesar(unPagoSolicitado())).to.equal('RETRY');
    expect(liquidacion()!.intentos[0]!.error).to.equal('socket hang up');
  });

  describe('evento que no se puede decodificar: DROP sin llamar a la pasarela ni guardar nada', () => {
    const casos = {
      'datos no JSON': unPagoSolicitado({}, { datos: undefined }),
      'tipo de evento ajeno': unPagoSolicitado({}, { tipo: 'otro.Evento' }),
      'sin id_pago': unPagoSolicitado({ idPago: undefined }),
      'id_influencer no texto': unPagoSolicitado({ idInfluencer: 7 }),
      'sin monto': unPagoSolicitado({ monto: undefined }),
      'monto negativo': unPagoSolicitado({ monto: { moneda: 'COP', unidadesMenores: '-1' } }),
      'moneda invalida': unPagoSolicitado({ monto: { moneda: 'pesos', unidadesMenores: '1' } }),
      'intento negativo': unPagoSolicitado({ intento: -1 }),
    };
    for (const [caso, evento] of Object.entries(casos)) {
      it(caso, async () => {
        expect(await procesar(evento)).to.equal('DROP');
        expect(pasarela.llamadas).to.have.length(0);
        expect(entorno.almacen.estado.liquidaciones.size).to.equal(0);
      });
    }
  });

  it('moneda ISO-4217 desconocida (pagos ya valida la lista): evento invalido, DROP y su dead letter se confirma sin efectos', async () => {
    const evento = unPagoSolicitado({ monto: { moneda: 'XYZ', unidadesMenores: '150000' } });
    expect(await procesar(evento)).to.equal('DROP');
    expect(pasarela.llamadas).to.have.length(0);
    const dlq = unPagoSolicitado(
      { monto: { moneda: 'XYZ', unidadesMenores: '150000' } },
      { topico: 'pagos-solicitados-dlq' },
    );
    expect(await procesarDeadLetter(entorno.deps)(dlq)).to.equal('SUCCESS');
    expect(entorno.almacen.estado.liquidaciones.size).to.equal(0);
    expect(entorno.almacen.eventos).to.have.length(0);
  });

  describe('registro: cada linea lleva los ids y la traza del evento', () => {
    const TRAZA = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    let lineas: Array<Record<string, unknown>>;
    beforeEach(() => {
      lineas = [];
      const logger = crearLogger({
        servicio: 'liquidacion',
        nivel: 'debug',
        escribir: (l) => lineas.push(JSON.parse(l) as Record<string, unknown>),
      });
      entorno.deps.logger = logger;
    });

    it('al liquidar (y al fallar la pasarela): id_pago, id_correlacion, id_evento y traceparent', async () => {
      pasarela.responder({ tipo: 'transitorio', error: 'HTTP 503' }, { tipo: 'pagado', referencia: 'tr_1' });
      const evento = unPagoSolicitado({}, { traceparent: TRAZA });
      await procesarPagoSolicitado(entorno.deps)(evento);
      await procesarPagoSolicitado(entorno.deps)(evento);
      await procesarDeadLetter(entorno.deps)(evento);
      expect(lineas.length).to.be.greaterThanOrEqual(3);
      for (const linea of lineas) {
        expect(linea, String(linea.msg)).to.include({
          id_pago: 'pago-1',
          id_correlacion: 'corr-1',
          id_evento: 'evento-1',
          traceparent: TRAZA,
        });
      }
      expect(entorno.almacen.estado.eventos.map((e) => e.traceparent)).to.deep.equal([TRAZA]);
    });

    it('un fallo inesperado (base de datos caida) responde RETRY y su linea lleva los ids del evento', async () => {
      entorno.almacen.ejecutar = async () => {
        throw new Error('conexion rechazada');
      };
      const evento = unPagoSolicitado({}, { traceparent: TRAZA });
      expect(await procesarPagoSolicitado(entorno.deps)(evento)).to.equal('RETRY');
      expect(await procesarDeadLetter(entorno.deps)(evento)).to.equal('RETRY');
      expect(lineas.map((l) => l.nivel)).to.deep.equal(['error', 'error']);
      for (const linea of lineas) {
        expect(linea).to.include({ id_pago: 'pago-1', id_correlacion: 'corr-1', traceparent: TRAZA });
      }
    });

    it('un evento invalido (DROP) se registra con los ids que si trae', async () => {
      const evento = unPagoSolicitado(
        { monto: { moneda: 'XYZ', unidadesMenores: '1' } },
        { traceparent: TRAZA },
      );
      expect(await procesarPagoSolicitado(entorno.deps)(evento)).to.equal('DROP');
      expect(lineas).to.have.length(1);
      expect(lineas[0]).to.include({
        id_pago: 'pago-1',
        id_correlacion: 'corr-1',
        traceparent: TRAZA,
        campo: 'monto.moneda',
      });
    });
  });

  it('acepta los nombres de campo originales del proto (snake_case)', async () => {
    const evento = unPagoSolicitado(
      {
        idPago: undefined,
        id_pago: 'pago-1',
        idInfluencer: undefined,
        id_influencer: 'inf-1',
        monto: { moneda: 'COP', unidades_menores: 5 },
      },
      {},
    );
    expect(await procesar(evento)).to.equal('SUCCESS');
    expect(liquidacion()!.unidadesMenores).to.equal(5n);
  });

  it('ya liquidada (reentrega del mismo evento): SUCCESS sin segunda llamada ni segundo evento', async () => {
    await procesar(unPagoSolicitado());
    expect(await procesar(unPagoSolicitado())).to.equal('SUCCESS');
    expect(pasarela.llamadas).to.have.length(1);
    expect(entorno.almacen.eventos).to.have.length(1);
  });

  it('ya liquidada, otro id de evento de la misma ronda: SUCCESS sin llamada ni evento', async () => {
    await procesar(unPagoSolicitado());
    expect(await procesar(unPagoSolicitado({}, { id: 'evento-2' }))).to.equal('SUCCESS');
    expect(pasarela.llamadas).to.have.length(1);
    expect(entorno.almacen.eventos).to.have.length(1);
  });

  it('FALLIDA y llega la ronda siguiente (ReintentarPago): vuelve a EN_PROCESO, paga y anuncia con esa ronda', async () => {
    pasarela.responder({ tipo: 'transitorio', error: 'HTTP 503' }, { tipo: 'pagado', referencia: 'tr_2' });
    await procesar(unPagoSolicitado());
    await procesarDeadLetter(entorno.deps)(unPagoSolicitado({}, { topico: 'pagos-solicitados-dlq' }));
    expect(liquidacion()!.estado).to.equal('FALLIDA');
    const respuesta = await procesar(unPagoSolicitado({ intento: 2 }, { id: 'evento-2' }));
    expect(respuesta).to.equal('SUCCESS');
    expect(liquidacion()).to.include({ estado: 'EXITOSA', intentoPago: 2, referenciaPasarela: 'tr_2' });
    expect(liquidacion()!.intentos.map((i) => i.intentoPago)).to.deep.equal([1, 2]);
    expect(entorno.almacen.eventos.map((e) => e.tipo)).to.deep.equal([
      'LiquidacionFallida',
      'LiquidacionFinalizada',
    ]);
    expect(entorno.almacen.eventos[1]).to.include({ intentoPago: 2 });
  });

  it('FALLIDA y se reentrega la misma ronda: SUCCESS sin llamar a la pasarela', async () => {
    await procesarDeadLetter(entorno.deps)(unPagoSolicitado());
    expect(await procesar(unPagoSolicitado({}, { id: 'evento-9' }))).to.equal('SUCCESS');
    expect(pasarela.llamadas).to.have.length(0);
    expect(liquidacion()!.estado).to.equal('FALLIDA');
  });

  it('una carrera de concurrencia perdida al aplicar el resultado se reintenta con el estado nuevo', async () => {
    const repositorio = entorno.deps.repositorioLiquidaciones;
    const guardar = repositorio.guardar.bind(repositorio);
    let guardados = 0;
    repositorio.guardar = async (...args) => {
      if (++guardados === 2) repositorio.conflictosPendientes = 1;
      return guardar(...args);
    };
    expect(await procesar(unPagoSolicitado())).to.equal('SUCCESS');
    expect(liquidacion()!.estado).to.equal('EXITOSA');
    expect(entorno.almacen.eventos).to.have.length(1);
    expect(pasarela.llamadas).to.have.length(1);
  });

  describe('sin transacción cuando basta una escritura', () => {
    beforeEach(() => {
      procesar = procesarPagoSolicitado({ ...entorno.deps, sinTransaccion: entorno.sinTransaccion });
    });

    it('un PagoSolicitado nuevo se liquida sin transacción: se prepara y se resuelve con una escritura cada paso', async () => {
      pasarela.responder({ tipo: 'pagado', referencia: 'tr_1' });
      expect(await procesar(unPagoSolicitado())).to.equal('SUCCESS');
      expect(entorno.almacen.usosSinTransaccion).to.equal(3); // read, insert; save with inbox
      expect(entorno.almacen.transacciones).to.equal(0);
      expect(entorno.almacen.estado.inbox.has('liquidacion/pagos-solicitados|evento-1')).to.equal(true);
      expect(liquidacion()).to.include({ estado: 'EXITOSA', referenciaPasarela: 'tr_1' });
      expect(entorno.almacen.eventos).to.have.length(1);
    });

    it('si la decisión escribe estado e inbox (reanuncio de un intento nuevo) va en una transacción', async () => {
      pasarela.responder({ tipo: 'pagado', referencia: 'tr_1' });
      await procesar(unPagoSolicitado());
      const antes = entorno.almacen.transacciones;
      expect(await procesar(unPagoSolicitado({ intento: 2 }, { id: 'evento-2' }))).to.equal('SUCCESS');
      expect(entorno.almacen.transacciones).to.equal(antes + 1);
      expect(pasarela.llamadas).to.have.length(1);
      expect(entorno.almacen.eventos).to.have.length(2);
      expect(entorno.almacen.estado.inbox.has('liquidacion/pagos-solicitados|evento-2')).to.equal(true);
    });

    it('si la decisión solo registra el evento (una ronda ya liquidada, otro id) también va en una transacción', async () => {
      pasarela.responder({ tipo: 'pagado', referencia: 'tr_1' });
      await procesar(unPagoSolicitado());
      const antes = entorno.almacen.transacciones;
      expect(await procesar(unPagoSolicitado({}, { id: 'evento-2' }))).to.equal('SUCCESS');
      expect(entorno.almacen.transacciones).to.equal(antes + 1);
      expect(pasarela.llamadas).to.have.length(1);
      expect(entorno.almacen.estado.inbox.has('liquidacion/pagos-solicitados|evento-2')).to.equal(true);
    });

    it('una agrupación saturada (ErrorSaturacion) se responde RETRY y no llama a la pasarela', async () => {
      const saturada = async (): Promise<never> => {
        throw new ErrorSaturacion(
          'lecturas de liquidaciones: 1000 en espera, el máximo; reintente más tarde',
        );
      };
      procesar = procesarPagoSolicitado({
        ...entorno.deps,
        sinTransaccion: { ...entorno.sinTransaccion, porIdPagoConInbox: saturada },
      });
      expect(await procesar(unPagoSolicitado())).to.equal('RETRY');
      expect(pasarela.llamadas).to.have.length(0);
    });
  });

  describe('el resultado se aplica sobre la liquidación que dejó la preparación', () => {
    const solicitud: SolicitudLiquidacion = {
      idEvento: 'evento-1',
      idPago: 'pago-1',
      idInfluencer: 'inf-1',
      monto: Monto.de('COP', 150000n),
      idCorrelacion: 'corr-1',
      intento: 1,
    };
    let repositorio: RepositorioEnMemoria;
    let liquidar: LiquidarPago;
    beforeEach(() => {
      repositorio = entorno.deps.repositorioLiquidaciones;
      liquidar = liquidarPago({ ...entorno.deps, sinTransaccion: entorno.sinTransaccion });
    });
    /** The PSP pays, after `mientras` ran (what happens while the call is in flight). */
    const pagarDespuesDe = (mientras: () => Promise<unknown>) => {
      entorno.deps.pasarelaPagos.transferir = async (transferencia) => {
        pasarela.llamadas.push(transferencia);
        await mientras();
        return { tipo: 'pagado', referencia: 'tr_1' };
      };
    };

    it('sin otro escritor, no la vuelve a leer', async () => {
      expect(await liquidar(solicitud)).to.equal('resuelta');
      expect(repositorio.lecturas).to.equal(1);
      expect(liquidacion()).to.include({ estado: 'EXITOSA', version: 2 });
    });

    it('un escritor concurrente la cambió durante la llamada: se relee y el pago se aplica sobre el estado nuevo', async () => {
      pagarDespuesDe(() =>
        entorno.almacen.ejecutar(async (tx) => {
          const actual = (await repositorio.porIdPago(tx, 'pago-1'))!;
          actual.registrarLlamada(
            { tipo: 'transitorio', error: 'HTTP 503' },
            { ocurridoEn: new Date(), duracionMs: 1 },
          );
          await repositorio.guardar(tx, actual); // version 1 -> 2
        }),
      );
      expect(await liquidar(solicitud)).to.equal('resuelta');
      expect(repositorio.lecturas).to.equal(3); // step 1, the other writer, the reload
      expect(liquidacion()).to.include({ estado: 'EXITOSA', version: 3, referenciaPasarela: 'tr_1' });
      expect(liquidacion()!.intentos.map((i) => i.resultado)).to.deep.equal(['ERROR_TRANSITORIO', 'EXITOSO']);
      expect(entorno.almacen.eventos).to.have.length(1);
      expect(entorno.almacen.estado.inbox.size).to.equal(1);
    });

    it('otra entrega del mismo evento lo liquidó durante la llamada: sin-llamada, sin segundo intento ni evento', async () => {
      const otraEntrega = liquidarPago(entorno.deps);
      let primera = true;
      pagarDespuesDe(async () => {
        if (primera) {
          primera = false;
          expect(await otraEntrega(solicitud)).to.equal('resuelta');
        }
      });
      expect(await liquidar(solicitud)).to.equal('sin-llamada');
      expect(liquidacion()).to.include({ estado: 'EXITOSA', version: 2 });
      expect(liquidacion()!.intentos).to.have.length(1);
      expect(entorno.almacen.eventos).to.have.length(1);
    });

    it('el inbox ya tiene el evento y la versión no cambió: sin-llamada y no escribe nada', async () => {
      pagarDespuesDe(async () => entorno.almacen.estado.inbox.add('liquidacion/pagos-solicitados|evento-1'));
      expect(await liquidar(solicitud)).to.equal('sin-llamada');
      expect(liquidacion()).to.include({ estado: 'EN_PROCESO', version: 1 });
      expect(liquidacion()!.intentos).to.have.length(0);
      expect(entorno.almacen.eventos).to.have.length(0);
    });

    it('un resultado transitorio registra el intento sin fila de inbox y sin releer', async () => {
      pasarela.responder({ tipo: 'transitorio', error: 'HTTP 503', estadoHttp: 503 });
      expect(await liquidar(solicitud)).to.equal('pasarela-no-disponible');
      expect(repositorio.lecturas).to.equal(1);
      expect(liquidacion()).to.include({ estado: 'EN_PROCESO', version: 2 });
      expect(liquidacion()!.intentos.map((i) => i.resultado)).to.deep.equal(['ERROR_TRANSITORIO']);
      expect(entorno.almacen.estado.inbox.size).to.equal(0);
    });
  });
});
