// Only daprd delivers events: a forged PagoSolicitado — at the public API port, or at the AppCallback
// listener without the app token or with a wrong one — is refused, and nothing is stored nor paid.
// The whole process in-process on a real Postgres and the real pasarela.
import { expect } from 'chai';
import * as grpc from '@grpc/grpc-js';
import { daprAppCallback, TOPICOS } from '@alpes/contratos';
import { crearLogger, TABLA_INBOX } from '@alpes/seedwork';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { leerConfiguracionLiquidacion } from '../../src/configuracion';
import { iniciarServicio, type ServicioLiquidacion } from '../../src/servicio';
import { iniciarPasarelaReal, type PasarelaReal } from '../apoyo/pasarela-real';

const { TopicEventResponse_TopicEventResponseStatus: Estado } = daprAppCallback;
const TOKEN_APP = 'token-app-de-prueba-0123456789';

describe('frontera de eventos de liquidacion: solo daprd entrega', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let pasarela: PasarelaReal;
  let servicio: ServicioLiquidacion;
  const clientes: grpc.Client[] = [];

  before(async () => {
    [bd, pasarela] = await Promise.all([
      crearBaseDeDatosTemporal('liquidacion_frontera'),
      iniciarPasarelaReal(),
    ]);
    const config = leerConfiguracionLiquidacion({
      PUERTO_GRPC: '0',
      PUERTO_APP_CALLBACK: '0',
      PUERTO_METRICAS: '0',
      APP_API_TOKEN: TOKEN_APP,
      DAPR_API_TOKEN: 'token-dapr-de-prueba-0123456789',
      AUTENTICACION_DESACTIVADA: 'true', // client credentials are another boundary, tested on their own
      URL_BASE_DATOS: bd.urlServicio, // serves on the DML-only role
      URL_BASE_DATOS_MIGRACION: bd.urlMigracion, // migrates at start with the DDL role
      URL_PASARELA: pasarela.url,
      DAPR_GRPC_PORT: '1', // no sidecar: nothing is published here
    });
    servicio = await iniciarServicio(config, crearLogger({ servicio: 'liquidacion', nivel: 'error' }));
  });
  after(async () => {
    for (const c of clientes) c.close();
    await servicio?.detener();
    await Promise.all([bd?.eliminar(), pasarela?.detener()]);
  });

  const cliente = (puerto: number) => {
    const c = new daprAppCallback.AppCallbackClient(`127.0.0.1:${puerto}`, grpc.credentials.createInsecure());
    clientes.push(c);
    return c;
  };
  /** A PagoSolicitado as pagos would publish it, for an influencer the forger wants paid. */
  const forjar = (c: daprAppCallback.AppCallbackClient, token?: string, idPago = 'pago-forjado') => {
    const metadatos = new grpc.Metadata();
    if (token !== undefined) metadatos.set('dapr-api-token', token);
    return new Promise<daprAppCallback.TopicEventResponse>((resolve, reject) =>
      c.onTopicEvent(
        daprAppCallback.TopicEventRequest.fromPartial({
          id: `ev-${idPago}`,
          source: 'pagos',
          type: 'alpespartners.eventos.v1.PagoSolicitado',
          specVersion: '1.0',
          dataContentType: 'application/json',
          topic: TOPICOS.pagosSolicitados,
          pubsubName: 'pubsub',
          data: Buffer.from(
            JSON.stringify({
              idPago,
              idInfluencer: 'inf-atacante',
              monto: { moneda: 'COP', unidadesMenores: '999999999' },
              idCorrelacion: 'corr-forjado',
              intento: 1,
            }),
          ),
        }),
        metadatos,
        (e, r) => (e ? reject(e) : resolve(r)),
      ),
    );
  };
  const codigo = (p: Promise<unknown>) =>
    p.then(
      () => 'respondió',
      (e: grpc.ServiceError) => e.code,
    );
  /** Nothing changed: no liquidacion, no inbox entry, no PSP call at all. */
  const nadaCambio = async () => {
    const [liquidaciones, inbox] = await Promise.all([
      bd.knex('liquidaciones').count<{ n: string }[]>({ n: '*' }),
      bd.knex(TABLA_INBOX).count<{ n: string }[]>({ n: '*' }),
    ]);
    expect(Number(liquidaciones[0]!.n), 'liquidaciones').to.equal(0);
    expect(Number(inbox[0]!.n), 'inbox').to.equal(0);
    expect(await pasarela.transferencias(), 'transferencias').to.deep.equal([]);
    expect(
      Object.values(await pasarela.solicitudes()).reduce((a, b) => a + b, 0),
      'llamadas a la pasarela',
    ).to.equal(0);
  };

  it('el AppCallback no escucha en el puerto público: UNIMPLEMENTED, aun con el token correcto', async () => {
    expect(await codigo(forjar(cliente(servicio.puertoGrpc)))).to.equal(grpc.status.UNIMPLEMENTED);
    expect(await codigo(forjar(cliente(servicio.puertoGrpc), TOKEN_APP))).to.equal(grpc.status.UNIMPLEMENTED);
    await nadaCambio();
  });

  it('en el puerto del AppCallback, sin token: UNAUTHENTICATED y nada se guarda ni se paga', async () => {
    expect(await codigo(forjar(cliente(servicio.puertoAppCallback)))).to.equal(grpc.status.UNAUTHENTICATED);
    await nadaCambio();
  });

  it('en el puerto del AppCallback, con un token equivocado: UNAUTHENTICATED y nada cambia', async () => {
    const c = cliente(servicio.puertoAppCallback);
    expect(await codigo(forjar(c, 'token-equivocado-0123456789'))).to.equal(grpc.status.UNAUTHENTICATED);
    expect(await codigo(forjar(c, ''))).to.equal(grpc.status.UNAUTHENTICATED);
    await nadaCambio();
  });

  // last: it changes state. The same request with daprd's token is processed, so the refusals above
  // came from the boundary and not from a malformed event.
  it('la misma entrega con el token de la app sí se procesa', async () => {
    const r = await forjar(cliente(servicio.puertoAppCallback), TOKEN_APP);
    expect(r.status).to.equal(Estado.SUCCESS);
    expect(await pasarela.transferencias('pago-forjado')).to.have.length(1);
  });
});
