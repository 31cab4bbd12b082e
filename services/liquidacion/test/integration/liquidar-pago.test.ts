import { expect } from 'chai';
import {
  GeneradorUuid,
  InboxKnex,
  loggerNulo,
  Monto,
  RelojSistema,
  TABLA_INBOX,
  TABLA_OUTBOX,
  UnidadDeTrabajoKnex,
} from '@alpes/seedwork';
import { type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { procesarDeadLetter, procesarPagoSolicitado } from '../apoyo/entregas';
import { RepositorioLiquidacionesKnex } from '../../src/infraestructura/repositorio-liquidaciones-knex';
import { LiquidacionesSinTransaccionKnex } from '../../src/infraestructura/liquidaciones-sin-transaccion-knex';
import { ConsultasLiquidacionesKnex } from '../../src/infraestructura/consultas-liquidaciones-knex';
import { PasarelaHttp } from '../../src/infraestructura/pasarela-http';
import { baseDeDatosLiquidacion } from '../apoyo/base-datos';
import { esperarHasta, iniciarPasarelaReal, type PasarelaReal } from '../apoyo/pasarela-real';
import { unPagoSolicitado } from '../apoyo/fakes';
import {
  CONSUMIDOR_PAGOS_SOLICITADOS,
  liquidarPago,
  type Dependencias,
} from '../../src/aplicacion/comandos/liquidar-pago';
import type { PasarelaPagos } from '../../src/aplicacion/puertos';

describe('procesar PagoSolicitado sobre Postgres real y la pasarela-simulada real', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let pasarela: PasarelaReal;
  let procesar: ReturnType<typeof procesarPagoSolicitado>;
  let procesarDlq: ReturnType<typeof procesarDeadLetter>;
  let consultas: ConsultasLiquidacionesKnex;
  let deps: Dependencias;
  let n = 0;
  let idPago: string;

  before(async () => {
    [bd, pasarela] = await Promise.all([baseDeDatosLiquidacion(), iniciarPasarelaReal()]);
    const generadorIds = new GeneradorUuid();
    const repositorioLiquidaciones = new RepositorioLiquidacionesKnex(generadorIds);
    deps = {
      repositorioLiquidaciones,
      inbox: new InboxKnex(),
      unidadDeTrabajo: new UnidadDeTrabajoKnex(bd.knex),
      // as the service is wired with VENTANA_AGRUPACION_MS=0: one statement per step (grouped: liquidar-por-lotes.test.ts)
      sinTransaccion: new LiquidacionesSinTransaccionKnex(bd.knex, repositorioLiquidaciones),
      pasarelaPagos: new PasarelaHttp({ urlBase: pasarela.url, tiempoMaximoMs: 2000 }),
      reloj: new RelojSistema(),
      generadorIds,
      logger: loggerNulo,
    };
    procesar = procesarPagoSolicitado(deps);
    procesarDlq = procesarDeadLetter(deps);
    consultas = new ConsultasLiquidacionesKnex(bd.knex);
  });
  after(async () => {
    await Promise.all([bd?.eliminar(), pasarela?.detener()]);
  });
  beforeEach(async () => {
    await pasarela.admin('POST', '/admin/reiniciar');
    idPago = `pago-${++n}`;
  });

  const evento = (datos: Record<string, unknown> = {}, id = `ev-${idPago}`) =>
    unPagoSolicitado({ idPago, ...datos }, { id });
  const llamadasPasarela = async () =>
    Object.values(await pasarela.solicitudes()).reduce((suma, x) => suma + x, 0);
  const eventosDe = (tipo: string) =>
    bd
      .knex(TABLA_OUTBOX)
      .where({ tipo: `alpespartners.eventos.v1.${tipo}` })
      .whereRaw("datos->>'idPago' = ?", [idPago]);

  it('el mismo evento dos veces: una sola llamada a la pasarela, una transferencia y un evento', async () => {
    expect(await procesar(evento())).to.equal('SUCCESS');
    expect(await procesar(evento())).to.equal('SUCCESS');
    expect(await llamadasPasarela()).to.equal(1);
    expect(await pasarela.transferencias(idPago)).to.have.length(1);
    expect(await eventosDe('LiquidacionFinalizada')).to.have.length(1);
    const liquidacion = await consultas.porIdPago(idPago);
    expect(liquidacion!.estado).to.equal('EXITOSA');
    expect(liquidacion!.referenciaPasarela).to.equal((await pasarela.transferencias(idPago))[0]!.id);
  });

  it('entregas concurrentes del mismo evento pagan una vez y anuncian una vez', async () => {
    await pasarela.admin('PUT', '/admin/fallas', { latencia_ms: 100 });
    const respuestas = await Promise.all(Array.from({ length: 5 }, () => procesar(evento())));
    expect(respuestas).to.deep.equal(Array(5).fill('SUCCESS'));
    expect(await pasarela.transferencias(idPago)).to.have.length(1);
    expect(await eventosDe('LiquidacionFinalizada')).to.have.length(1);
    expect(await bd.knex(TABLA_INBOX).where({ id_evento: `ev-${idPago}` })).to.have.length(1);
  });

  it('rechazo permanente: RECHAZADA con una sola llamada y LiquidacionFinalizada RECHAZADO', async () => {
    await pasarela.admin('PUT', '/admin/fallas', { rechazar_influencers: ['inf-malo'] });
    expect(await procesar(evento({ idInfluencer: 'inf-malo' }))).to.equal('SUCCESS');
    expect(await procesar(evento({ idInfluencer: 'inf-malo' }))).to.equal('SUCCESS');
    expect(await llamadasPasarela()).to.equal(1);
    const [fila] = await eventosDe('LiquidacionFinalizada');
    expect(fila.datos.resultado).to.equal('RESULTADO_LIQUIDACION_RECHAZADO');
    expect((await consultas.porIdPago(idPago))!.estado).to.equal('RECHAZADA');
  });

  it('pasarela caida: RETRY con el intento registrado y sin inbox; al volver, la reentrega paga una vez', async () => {
    await pasarela.admin('POST', '/admin/bloquear');
    expect(await procesar(evento())).to.equal('RETRY');
    expect(await procesar(evento())).to.equal('RETRY');
    expect(await bd.knex(TABLA_INBOX).where({ id_evento: `ev-${idPago}` })).to.have.length(0);
    await pasarela.admin('POST', '/admin/permitir');
    expect(await procesar(evento())).to.equal('SUCCESS');
    const liquidacion = (await consultas.porIdPago(idPago))!;
    expect(liquidacion.intentos.map((i) => i.resultado)).to.deep.equal([
      'ERROR_TRANSITORIO',
      'ERROR_TRANSITORIO',
      'EXITOSO',
    ]);
    expect(await pasarela.transferencias(idPago)).to.have.length(1);
  });

  it('dead letter: FALLIDA y un solo LiquidacionFallida; ReintentarPago (intento 2) paga una vez', async () => {
    await pasarela.admin('POST', '/admin/bloquear');
    expect(await procesar(evento())).to.equal('RETRY');
    expect(await procesarDlq(evento())).to.equal('SUCCESS');
    expect(await procesarDlq(evento())).to.equal('SUCCESS');
    expect((await consultas.porIdPago(idPago))!.estado).to.equal('FALLIDA');
    const fallidas = await eventosDe('LiquidacionFallida');
    expect(fallidas).to.have.length(1);
    expect(fallidas[0].topico).to.equal('liquidaciones-fallidas');
    await pasarela.admin('POST', '/admin/permitir');
    expect(await procesar(evento({ intento: 2 }, `ev2-${idPago}`))).to.equal('SUCCESS');
    expect((await consultas.porIdPago(idPago))!.estado).to.equal('EXITOSA');
    expect(await pasarela.transferencias(idPago)).to.have.length(1);
  });

  it('la llamada a la pasarela no bloquea: EN_PROCESO es visible y un dead letter concurrente no espera', async () => {
    await pasarela.admin('PUT', '/admin/fallas', { latencia_ms: 800 });
    let terminado = false;
    const enCurso = procesar(evento()).finally(() => (terminado = true));
    await esperarHasta(async () => (await consultas.porIdPago(idPago))?.estado === 'EN_PROCESO');
    // A dead letter of the same pago commits while the PSP call is still in flight: no lock is held.
    expect(await procesarDlq(evento())).to.equal('SUCCESS');
    expect(terminado).to.equal(false);
    expect((await consultas.porIdPago(idPago))!.estado).to.equal('FALLIDA');
    // The PSP paid meanwhile: money moved, so the late success takes FALLIDA to EXITOSA and announces PAGADO.
    expect(await enCurso).to.equal('SUCCESS');
    const liquidacion = (await consultas.porIdPago(idPago))!;
    expect(liquidacion.estado).to.equal('EXITOSA');
    expect(liquidacion.intentos.map((i) => i.resultado)).to.deep.equal(['EXITOSO']);
    const [transferencia] = await pasarela.transferencias(idPago);
    expect(liquidacion.referenciaPasarela).to.equal(transferencia!.id);
    expect(await eventosDe('LiquidacionFallida')).to.have.length(1);
    const finalizadas = await eventosDe('LiquidacionFinalizada');
    expect(finalizadas).to.have.length(1);
    expect(finalizadas[0].datos.resultado).to.equal('RESULTADO_LIQUIDACION_PAGADO');
    expect(await pasarela.transferencias(idPago)).to.have.length(1);
  });

  it('una reentrega con otro monto o beneficiario que el guardado no se paga: DROP y la pasarela solo ve lo guardado', async () => {
    await pasarela.admin('POST', '/admin/bloquear');
    expect(await procesar(evento())).to.equal('RETRY');
    await pasarela.admin('POST', '/admin/permitir');
    const falso = { monto: { moneda: 'COP', unidadesMenores: '99900000' } };
    expect(await procesar(evento(falso, `ev-falso-${idPago}`))).to.equal('DROP');
    expect(await procesar(evento({ idInfluencer: 'inf-ladron' }, `ev-falso2-${idPago}`))).to.equal('DROP');
    // The dead letters of the contradicting events fail nothing.
    expect(await procesarDlq(evento(falso, `ev-falso-${idPago}`))).to.equal('SUCCESS');
    expect((await consultas.porIdPago(idPago))!.estado).to.equal('EN_PROCESO');
    expect(await pasarela.transferencias(idPago)).to.have.length(0);
    // The genuine redelivery pays the stored amount to the stored payee, once.
    expect(await procesar(evento())).to.equal('SUCCESS');
    const transferencias = await pasarela.transferencias(idPago);
    expect(transferencias).to.have.length(1);
    expect(transferencias[0]).to.deep.include({ id_influencer: 'inf-1' });
    expect(transferencias[0]!.monto).to.deep.equal({ moneda: 'COP', unidades_menores: '150000' });
  });

  it('PSP 403 (credencial equivocada): RETRY; agotado el reintento, FALLIDA con un motivo que lo dice', async () => {
    const exigente = await iniciarPasarelaReal({ CREDENCIAL: 'clave-buena' });
    try {
      const generadorIds = new GeneradorUuid();
      const deps = {
        repositorioLiquidaciones: new RepositorioLiquidacionesKnex(generadorIds),
        inbox: new InboxKnex(),
        unidadDeTrabajo: new UnidadDeTrabajoKnex(bd.knex),
        pasarelaPagos: new PasarelaHttp({ urlBase: exigente.url, tiempoMaximoMs: 2000, credencial: 'vieja' }),
        reloj: new RelojSistema(),
        generadorIds,
        logger: loggerNulo,
      };
      expect(await procesarPagoSolicitado(deps)(evento())).to.equal('RETRY');
      expect(await procesarDeadLetter(deps)(evento())).to.equal('SUCCESS');
      const liquidacion = (await consultas.porIdPago(idPago))!;
      expect(liquidacion.estado).to.equal('FALLIDA');
      expect(liquidacion.motivo).to.match(/credenciales de la pasarela rechazadas \(HTTP 403/);
      expect(await exigente.transferencias(idPago)).to.have.length(0);
    } finally {
      await exigente.detener();
    }
  });

  describe('idas y vueltas a Postgres: el resultado se aplica sobre la liquidacion que dejo la preparacion', () => {
    /** The statements `trabajo` sent to Postgres, BEGIN and COMMIT included. */
    const sentenciasDe = async (trabajo: () => Promise<unknown>): Promise<string[]> => {
      const sentencias: string[] = [];
      const anotar = (consulta: { sql: string }) => sentencias.push(consulta.sql);
      bd.knex.on('query', anotar);
      try {
        await trabajo();
      } finally {
        bd.knex.off('query', anotar);
      }
      return sentencias;
    };
    /** The real PSP, after `mientras` ran (what happens while the call is in flight). */
    const pasarelaDespuesDe = (mientras: () => Promise<unknown>): PasarelaPagos => ({
      transferir: async (transferencia) => {
        await mientras();
        return deps.pasarelaPagos.transferir(transferencia);
      },
    });
    const solicitud = () => ({
      idEvento: `ev-${idPago}`,
      idPago,
      idInfluencer: 'inf-1',
      monto: Monto.de('COP', 150000n),
      idCorrelacion: 'corr-1',
      intento: 1,
    });
    const inbox = () => bd.knex(TABLA_INBOX).where({ id_evento: `ev-${idPago}` });

    it('un pago liquidado por la pasarela cuesta 3 sentencias y ninguna transaccion (antes 8)', async () => {
      const sentencias = await sentenciasDe(async () => expect(await procesar(evento())).to.equal('SUCCESS'));
      // step 1: the liquidacion with the inbox answer, then its creation; step 3: result + inbox + outbox
      expect(sentencias, sentencias.join('\n')).to.have.length(3);
      expect((await consultas.porIdPago(idPago))!.estado).to.equal('EXITOSA');
      expect(await eventosDe('LiquidacionFinalizada')).to.have.length(1);
      expect(await inbox()).to.have.length(1);
    });

    it('un error transitorio tambien cuesta 3 sentencias: registra el intento y ninguna fila de inbox', async () => {
      await pasarela.admin('POST', '/admin/bloquear');
      const sentencias = await sentenciasDe(async () => expect(await procesar(evento())).to.equal('RETRY'));
      expect(sentencias, sentencias.join('\n')).to.have.length(3);
      const liquidacion = (await consultas.porIdPago(idPago))!;
      expect(liquidacion.estado).to.equal('EN_PROCESO');
      expect(liquidacion.intentos.map((i) => i.resultado)).to.deep.equal(['ERROR_TRANSITORIO']);
      expect(await inbox()).to.have.length(0);
    });

    it('un escritor concurrente cambia la version durante la llamada: se relee y queda EXITOSA una vez', async () => {
      const repositorio = new RepositorioLiquidacionesKnex(new GeneradorUuid());
      const otroEscritor = () =>
        deps.unidadDeTrabajo.ejecutar(async (tx) => {
          const actual = (await repositorio.porIdPago(tx, idPago))!;
          actual.registrarLlamada(
            { tipo: 'transitorio', error: 'HTTP 503' },
            { ocurridoEn: new Date(), duracionMs: 1 },
          );
          await repositorio.guardar(tx, actual);
        });
      const liquidar = liquidarPago({ ...deps, pasarelaPagos: pasarelaDespuesDe(otroEscritor) });
      expect(await liquidar(solicitud())).to.equal('resuelta');
      const liquidacion = (await consultas.porIdPago(idPago))!;
      expect(liquidacion.estado).to.equal('EXITOSA');
      expect(liquidacion.intentos.map((i) => i.resultado)).to.deep.equal(['ERROR_TRANSITORIO', 'EXITOSO']);
      expect(await eventosDe('LiquidacionFinalizada')).to.have.length(1);
      expect(await inbox()).to.have.length(1);
      expect(await pasarela.transferencias(idPago)).to.have.length(1);
    });

    it('otra entrega del mismo evento lo liquida durante la llamada: sin-llamada, un pago y un evento', async () => {
      const otraEntrega = () => procesar(evento());
      const liquidar = liquidarPago({ ...deps, pasarelaPagos: pasarelaDespuesDe(otraEntrega) });
      expect(await liquidar(solicitud())).to.equal('sin-llamada');
      const liquidacion = (await consultas.porIdPago(idPago))!;
      expect(liquidacion.estado).to.equal('EXITOSA');
      expect(liquidacion.intentos).to.have.length(1);
      expect(await eventosDe('LiquidacionFinalizada')).to.have.length(1);
      expect(await inbox()).to.have.length(1);
      expect(await pasarela.transferencias(idPago)).to.have.length(1);
    });

    it('el inbox ya tiene el evento y la version no cambio: sin-llamada y no escribe nada', async () => {
      const registrarEvento = () =>
        bd.knex(TABLA_INBOX).insert({ id_evento: `ev-${idPago}`, consumidor: CONSUMIDOR_PAGOS_SOLICITADOS });
      const liquidar = liquidarPago({ ...deps, pasarelaPagos: pasarelaDespuesDe(registrarEvento) });
      expect(await liquidar(solicitud())).to.equal('sin-llamada');
      const liquidacion = (await consultas.porIdPago(idPago))!;
      expect(liquidacion.estado).to.equal('EN_PROCESO');
      expect(liquidacion.intentos).to.have.length(0);
      expect(await eventosDe('LiquidacionFinalizada')).to.have.length(0);
    });
  });
});
