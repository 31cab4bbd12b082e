// The whole process in-process (container, migrations, gRPC API, AppCallback, /metrics) on a real
// Postgres and the real pasarela; the test plays daprd, calling the AppCallback's loopback listener
// with the app token, as the sidecar would.
import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { daprAppCallback, liquidacion as proto, PERMISOS, TOPICOS } from '@alpes/contratos';
import { conCredencial, crearCredencialDePrueba, crearLogger, decodificarViolaciones } from '@alpes/seedwork';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { leerConfiguracionLiquidacion } from '../../src/configuracion';
import { iniciarServicio, type ServicioLiquidacion } from '../../src/servicio';
import { iniciarPasarelaReal, type PasarelaReal } from '../apoyo/pasarela-real';

const { TopicEventResponse_TopicEventResponseStatus: Estado } = daprAppCallback;
const TOKEN_APP = 'token-app-de-prueba-0123456789';

/** The metadata daprd sends on every call to the app. */
function deDaprd(): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set('dapr-api-token', TOKEN_APP);
  return m;
}

/** Promise over a grpc-js unary call (callback style). */
function promesa<Res>(
  llamada: (cb: (e: grpc.ServiceError | null, r?: Res) => void) => unknown,
): Promise<Res> {
  return new Promise((resolve, reject) => llamada((e, r) => (e ? reject(e) : resolve(r!))));
}

describe('servicio liquidacion completo (AppCallback + gRPC + Postgres + pasarela reales)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let pasarela: PasarelaReal;
  let servicio: ServicioLiquidacion;
  let dapr: daprAppCallback.AppCallbackClient;
  let api: proto.LiquidacionServiceClient;
  let lineasLog: string[];
  const credencial = crearCredencialDePrueba(); // the API's callers: a token with liquidaciones:leer

  before(async () => {
    [bd, pasarela] = await Promise.all([
      crearBaseDeDatosTemporal('liquidacion_servicio'),
      iniciarPasarelaReal(),
    ]);
    const config = leerConfiguracionLiquidacion({
      PUERTO_GRPC: '0',
      PUERTO_APP_CALLBACK: '0',
      APP_API_TOKEN: TOKEN_APP,
      DAPR_API_TOKEN: 'token-dapr-de-prueba-0123456789',
      PUERTO_METRICAS: '0',
      ...credencial.variables,
      URL_BASE_DATOS: bd.urlServicio, // serves on the DML-only role
      URL_BASE_DATOS_MIGRACION: bd.urlMigracion, // migrates at start with the DDL role
      URL_PASARELA: pasarela.url,
      TIEMPO_MAXIMO_PASARELA_MS: '2000',
      MAXIMO_EVENTOS_POR_LOTE: '50', // off by default (README); the batch path is tested here
      DAPR_GRPC_PORT: '1', // no sidecar here: the relay keeps its rows and retries
    });
    lineasLog = [];
    const logger = crearLogger({
      servicio: 'liquidacion',
      nivel: 'info',
      escribir: (l) => lineasLog.push(l),
    });
    servicio = await iniciarServicio(config, logger);
    dapr = new daprAppCallback.AppCallbackClient(
      `127.0.0.1:${servicio.puertoAppCallback}`,
      grpc.credentials.createInsecure(),
    );
    api = new proto.LiquidacionServiceClient(
      `127.0.0.1:${servicio.puertoGrpc}`,
      grpc.credentials.createInsecure(),
      conCredencial(() => credencial.token([PERMISOS.leerLiquidaciones])),
    );
  });
  after(async () => {
    dapr?.close();
    api?.close();
    await servicio?.detener();
    await Promise.all([bd?.eliminar(), pasarela?.detener()]);
    credencial.eliminar();
  });

  const entregar = (
    topico: string,
    id: string,
    datos: unknown,
    tipo = 'alpespartners.eventos.v1.PagoSolicitado',
  ) =>
    promesa<daprAppCallback.TopicEventResponse>((cb) =>
      dapr.onTopicEvent(
        {
          id,
          source: 'pagos',
          type: tipo,
          specVersion: '1.0',
          dataContentType: 'application/json',
          data: Buffer.from(typeof datos === 'string' ? datos : JSON.stringify(datos)),
          topic: topico,
          pubsubName: 'pubsub',
          path: '',
          extensions: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
        },
        deDaprd(),
        cb,
      ),
    );
  /** A dead letter as daprd hands it to a rawPayload subscription: the topic's bytes in a CloudEvent of its own. */
  const entregarDeadLetter = (bytes: Buffer) =>
    promesa<daprAppCallback.TopicEventResponse>((cb) =>
      dapr.onTopicEvent(
        {
          id: `daprd-${Math.random()}`,
          source: 'Dapr',
          type: 'com.dapr.event.sent',
          specVersion: '1.0',
          dataContentType: 'application/octet-stream',
          data: bytes,
          topic: TOPICOS.pagosSolicitadosDlq,
          pubsubName: 'pubsub',
          path: '',
          extensions: undefined,
        },
        deDaprd(),
        cb,
      ),
    );
  const sobre = (id: string, datos: unknown) =>
    Buffer.from(
      JSON.stringify({
        specversion: '1.0',
        id,
        source: 'pagos',
        type: 'alpespartners.eventos.v1.PagoSolicitado',
        datacontenttype: 'application/json',
        data: datos,
      }),
    );
  const obtener = (idPago: string) =>
    promesa<proto.ObtenerLiquidacionResponse>((cb) => api.obtenerLiquidacion({ idPago }, cb));
  const listar = (req: proto.ListarLiquidacionesRequest) =>
    promesa<proto.ListarLiquidacionesResponse>((cb) => api.listarLiquidaciones(req, cb));
  const pagoSolicitado = (idPago: string, extra: Record<string, unknown> = {}) => ({
    idPago,
    idInfluencer: 'inf-1',
    monto: { moneda: 'COP', unidadesMenores: '150000' },
    idCorrelacion: `corr-${idPago}`,
    intento: 1,
    ...extra,
  });

  it('se suscribe a pagos-solicitados con su dead letter y al propio dead letter', async () => {
    const r = await promesa<daprAppCallback.ListTopicSubscriptionsResponse>((cb) =>
      dapr.listTopicSubscriptions({}, deDaprd(), cb),
    );
    const suscripciones = r.subscriptions.map((s) => [s.pubsubName, s.topic, s.deadLetterTopic, s.metadata]);
    expect(suscripciones).to.deep.equal([
      ['pubsub', TOPICOS.pagosSolicitados, TOPICOS.pagosSolicitadosDlq, {}],
      // raw: whatever daprd could not decode also lands on the dead letter, and must be acked
      ['pubsub', TOPICOS.pagosSolicitadosDlq, '', { rawPayload: 'true' }],
    ]);
  });

  it('un PagoSolicitado entregado por Dapr se paga y ObtenerLiquidacion lo muestra EXITOSA', async () => {
    const r = await entregar(TOPICOS.pagosSolicitados, 'ev-a', pagoSolicitado('pago-a'));
    expect(r.status).to.equal(Estado.SUCCESS);
    const { liquidacion } = await obtener('pago-a');
    expect(liquidacion).to.deep.include({
      idPago: 'pago-a',
      estado: proto.EstadoLiquidacion.ESTADO_LIQUIDACION_EXITOSA,
    });
    expect(liquidacion!.monto).to.deep.equal({ moneda: 'COP', unidadesMenores: 150000n });
    expect(liquidacion!.intentos.map((i) => i.resultado)).to.deep.equal([
      proto.ResultadoIntento.RESULTADO_INTENTO_EXITOSO,
    ]);
    expect(liquidacion!.referenciaPasarela).to.equal((await pasarela.transferencias('pago-a'))[0]!.id);
    const linea = lineasLog
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'liquidación resuelta por la pasarela');
    expect(linea).to.include({ id_pago: 'pago-a', id_correlacion: 'corr-pago-a' });
  });

  it('un evento ilegible se responde DROP y la pasarela caida RETRY', async () => {
    expect((await entregar(TOPICOS.pagosSolicitados, 'ev-x', '{roto')).status).to.equal(Estado.DROP);
    await pasarela.admin('POST', '/admin/bloquear');
    try {
      expect((await entregar(TOPICOS.pagosSolicitados, 'ev-b', pagoSolicitado('pago-b'))).status).to.equal(
        Estado.RETRY,
      );
    } finally {
      await pasarela.admin('POST', '/admin/permitir');
    }
    expect((await entregarDeadLetter(sobre('ev-b', pagoSolicitado('pago-b')))).status).to.equal(
      Estado.SUCCESS,
    );
    const { liquidacion } = await obtener('pago-b');
    expect(liquidacion!.estado).to.equal(proto.EstadoLiquidacion.ESTADO_LIQUIDACION_FALLIDA);
  });

  it('ListarLiquidaciones filtra por estado y pagina', async () => {
    const r = await listar({
      estado: proto.EstadoLiquidacion.ESTADO_LIQUIDACION_FALLIDA,
      pageSize: 10,
      pageToken: '',
    });
    expect(r.liquidaciones.map((l) => l.idPago)).to.deep.equal(['pago-b']);
    expect(r.nextPageToken).to.equal('');
    const todas = await listar({ estado: 0, pageSize: 1, pageToken: '' });
    expect(todas.liquidaciones.map((l) => l.idPago)).to.deep.equal(['pago-b']);
    const siguiente = await listar({ estado: 0, pageSize: 1, pageToken: todas.nextPageToken });
    expect(siguiente.liquidaciones.map((l) => l.idPago)).to.deep.equal(['pago-a']);
  });

  it('NOT_FOUND para un pago sin liquidacion e INVALID_ARGUMENT nombrando el campo', async () => {
    const noEncontrado = await obtener('nadie').catch((e: grpc.ServiceError) => e);
    expect((noEncontrado as grpc.ServiceError).code).to.equal(grpc.status.NOT_FOUND);
    const invalido = (await listar({ estado: 0, pageSize: -1, pageToken: '' }).catch(
      (e: grpc.ServiceError) => e,
    )) as grpc.ServiceError;
    expect(invalido.code).to.equal(grpc.status.INVALID_ARGUMENT);
    const detalles = invalido.metadata.get('grpc-status-details-bin')[0] as Buffer;
    expect(decodificarViolaciones(detalles).map((v) => v.campo)).to.deep.equal(['page_size']);
  });

  it('expone metricas de la pasarela, entregas, dead letters, outbox y estados en /metrics', async () => {
    const texto = await (await fetch(`http://127.0.0.1:${servicio.puertoMetricas}/metrics`)).text();
    expect(texto).to.match(
      /liquidacion_intentos_pasarela_total\{resultado="pagado",servicio="liquidacion"\} 1/,
    );
    expect(texto).to.contain('liquidacion_pasarela_duracion_segundos_bucket');
    expect(texto).to.match(/liquidacion_reintentos_total\{servicio="liquidacion"\} 1/);
    expect(texto).to.match(/liquidacion_dead_letters_total\{servicio="liquidacion"\} 1/);
    expect(texto).to.match(/liquidaciones\{estado="FALLIDA",servicio="liquidacion"\} 1/);
    expect(texto).to.match(/outbox_pendientes\{servicio="liquidacion"\} \d+/);
  });

  // after the metrics test: it counts every dead-letter delivery
  it('un dead letter indescifrable se confirma (SUCCESS) en lugar de volver una y otra vez', async () => {
    const basura = Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37]);
    expect((await entregarDeadLetter(basura)).status).to.equal(Estado.SUCCESS);
    expect((await entregarDeadLetter(Buffer.from('{"esto":"no es un evento"}'))).status).to.equal(
      Estado.SUCCESS,
    );
  });

  /** A batch as daprd's bulk subscribe hands it over; the replies by entry id. */
  const entregarLote = async (entradas: Array<{ id: string; datos: unknown }>) => {
    const r = await promesa<daprAppCallback.TopicEventBulkResponse>((cb) =>
      dapr.onBulkTopicEvent(
        {
          id: `lote-${Math.random()}`,
          topic: TOPICOS.pagosSolicitados,
          pubsubName: 'pubsub',
          type: 'com.dapr.event.sent.bulk',
          path: '',
          metadata: {},
          entries: entradas.map((e) => ({
            entryId: `entrada-${e.id}`,
            cloudEvent: {
              id: e.id,
              source: 'pagos',
              type: 'alpespartners.eventos.v1.PagoSolicitado',
              specVersion: '1.0',
              dataContentType: 'application/json',
              data: Buffer.from(typeof e.datos === 'string' ? e.datos : JSON.stringify(e.datos)),
              extensions: undefined,
            },
            contentType: 'application/cloudevents+json',
            metadata: {},
          })),
        },
        deDaprd(),
        cb,
      ),
    );
    const nombre = (s: number) => Estado[s] as string;
    return Object.fromEntries(r.statuses.map((x) => [x.entryId.replace('entrada-', ''), nombre(x.status)]));
  };

  it('declara pagos-solicitados en lotes a daprd (bulk subscribe) y su dead letter de a uno', async () => {
    const r = await promesa<daprAppCallback.ListTopicSubscriptionsResponse>((cb) =>
      dapr.listTopicSubscriptions({}, deDaprd(), cb),
    );
    expect(r.subscriptions.map((s) => [s.topic, s.bulkSubscribe])).to.deep.equal([
      [TOPICOS.pagosSolicitados, { enabled: true, maxMessagesCount: 50, maxAwaitDurationMs: 0 }],
      [TOPICOS.pagosSolicitadosDlq, undefined],
    ]);
  });

  it('un lote recibe una respuesta por evento, como DESIGN §4: pagado y rechazado SUCCESS, ilegible y discrepante DROP, repetido SUCCESS sin segunda llamada', async () => {
    await pasarela.admin('PUT', '/admin/fallas', { rechazar_influencers: ['inf-rechazado'] });
    try {
      const estados = await entregarLote([
        { id: 'lote-ev-1', datos: pagoSolicitado('lote-pago-1') },
        { id: 'lote-ev-2', datos: pagoSolicitado('lote-pago-2', { idInfluencer: 'inf-rechazado' }) },
        { id: 'lote-ev-3', datos: '{roto' },
        { id: 'lote-ev-4', datos: pagoSolicitado('lote-pago-4') },
      ]);
      expect(estados).to.deep.equal({
        'lote-ev-1': 'SUCCESS',
        'lote-ev-2': 'SUCCESS',
        'lote-ev-3': 'DROP',
        'lote-ev-4': 'SUCCESS',
      });
    } finally {
      await pasarela.admin('PUT', '/admin/fallas', { rechazar_influencers: [] });
    }
    const segundo = await entregarLote([
      { id: 'lote-ev-1', datos: pagoSolicitado('lote-pago-1') }, // redelivery: already settled
      {
        id: 'lote-ev-5',
        datos: pagoSolicitado('lote-pago-4', { monto: { moneda: 'COP', unidadesMenores: '1' } }),
      },
    ]);
    expect(segundo).to.deep.equal({ 'lote-ev-1': 'SUCCESS', 'lote-ev-5': 'DROP' });
    expect(await pasarela.transferencias('lote-pago-1')).to.have.length(1);
    expect(await pasarela.transferencias('lote-pago-4')).to.have.length(1);
    expect((await obtener('lote-pago-1')).liquidacion!.estado).to.equal(
      proto.EstadoLiquidacion.ESTADO_LIQUIDACION_EXITOSA,
    );
    expect((await obtener('lote-pago-2')).liquidacion!.estado).to.equal(
      proto.EstadoLiquidacion.ESTADO_LIQUIDACION_RECHAZADA,
    );
  });

  it('con la pasarela caída, en un mismo lote lo pendiente pide RETRY y lo ya liquidado SUCCESS', async () => {
    await pasarela.admin('POST', '/admin/bloquear');
    try {
      const estados = await entregarLote([
        { id: 'lote-ev-6', datos: pagoSolicitado('lote-pago-6') },
        { id: 'lote-ev-1', datos: pagoSolicitado('lote-pago-1') },
        { id: 'lote-ev-7', datos: pagoSolicitado('lote-pago-7') },
      ]);
      expect(estados).to.deep.equal({ 'lote-ev-6': 'RETRY', 'lote-ev-1': 'SUCCESS', 'lote-ev-7': 'RETRY' });
    } finally {
      await pasarela.admin('POST', '/admin/permitir');
    }
    expect(await entregarLote([{ id: 'lote-ev-6', datos: pagoSolicitado('lote-pago-6') }])).to.deep.equal({
      'lote-ev-6': 'SUCCESS',
    });
    expect(await pasarela.transferencias('lote-pago-6')).to.have.length(1);
  });
});
