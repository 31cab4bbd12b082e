// The PagosService through a real grpc-js server and the generated client, on a real Postgres.
// The outbox relay is not started: we check what the API stores, not what gets published.
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { pagos } from '@alpes/contratos';
import { camposInvalidos, consultarSalud, errorDe, llamar } from '@alpes/seedwork/pruebas';
import { NOMBRE_SERVICIO_PAGOS } from '../../src/api/pagos-grpc';
import { apiPagosEnPrueba, type ApiPagosEnPrueba } from '../apoyo/entorno-bd';
import { unaSolicitudGrpc } from '../apoyo/madres';

describe('API gRPC de pagos (servidor grpc-js real, Postgres real)', function () {
  this.timeout(30_000);
  let e: ApiPagosEnPrueba;
  let cliente: pagos.PagosServiceClient;

  const obtener = (idPago: string) => llamar(cliente, cliente.obtenerPago, { idPago });
  const reintentar = (idPago: string) => llamar(cliente, cliente.reintentarPago, { idPago });

  before(async () => {
    e = await apiPagosEnPrueba();
    cliente = e.cliente;
  });
  after(async () => {
    await e?.cerrar();
  });

  it('SolicitarPago responde SOLICITADO y ObtenerPago lo devuelve con su historia', async () => {
    const { pago } = await e.solicitar(unaSolicitudGrpc());
    expect(pago!.estado).to.equal(pagos.EstadoPago.ESTADO_PAGO_SOLICITADO);
    expect(pago!.intentos).to.equal(1);
    expect(pago!.monto).to.deep.equal({ moneda: 'COP', unidadesMenores: 150000n });
    const leido = (await obtener(pago!.id)).pago!;
    expect(leido.version).to.equal(1n);
    expect(leido.historial).to.have.length(1);
    expect(leido.historial[0]!.hacia).to.equal(pagos.EstadoPago.ESTADO_PAGO_SOLICITADO);
  });

  it('el traceparent de la llamada viaja en la fila del outbox; sin uno válido se abre una traza nueva', async () => {
    const conTraza = (traceparent?: string) => {
      const md = new grpc.Metadata();
      if (traceparent) md.set('traceparent', traceparent);
      return e.solicitar(unaSolicitudGrpc(), md);
    };
    const trazaDe = async (r: pagos.SolicitarPagoResponse) => {
      const fila = await e.bd.knex('outbox').whereRaw("datos->>'idPago' = ?", [r.pago!.id]).first();
      return fila.traceparent as string;
    };
    const delLlamador = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(await trazaDe(await conTraza(delLlamador))).to.equal(delLlamador);
    const nueva = await trazaDe(await conTraza());
    expect(nueva).to.match(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const otraNueva = await trazaDe(await conTraza('basura'));
    expect(otraNueva).to.match(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(otraNueva).to.not.equal(nueva);
  });

  it('una entrada inválida es INVALID_ARGUMENT nombrando el campo, y no se guarda nada', async () => {
    const pagosAntes = await e.contar('pagos');
    const outboxAntes = await e.contar('outbox');
    const casos: [Partial<pagos.SolicitarPagoRequest>, string][] = [
      [{ ...unaSolicitudGrpc(), claveIdempotencia: '' }, 'clave_idempotencia'],
      [{ ...unaSolicitudGrpc(), idInfluencer: '' }, 'id_influencer'],
      [{ ...unaSolicitudGrpc(), monto: undefined }, 'monto'],
      [{ ...unaSolicitudGrpc(), monto: { moneda: 'cop', unidadesMenores: 1n } }, 'monto.moneda'],
      [{ ...unaSolicitudGrpc(), monto: { moneda: 'XYZ', unidadesMenores: 1n } }, 'monto.moneda'],
      [{ ...unaSolicitudGrpc(), monto: { moneda: 'COP', unidadesMenores: 0n } }, 'monto.unidades_menores'],
      [{ ...unaSolicitudGrpc(), monto: { moneda: 'COP', unidadesMenores: -5n } }, 'monto.unidades_menores'],
    ];
    for (const [req, campo] of casos) {
      const error = await errorDe(e.solicitar(req));
      expect(error.code, campo).to.equal(grpc.status.INVALID_ARGUMENT);
      expect(error.details, campo).to.contain(campo);
      expect(camposInvalidos(error), campo).to.deep.equal([campo]);
    }
    expect(await e.contar('pagos')).to.equal(pagosAntes);
    expect(await e.contar('outbox')).to.equal(outboxAntes);
  });

  it('ObtenerPago de un pago inexistente es NOT_FOUND; un id que no es UUID, INVALID_ARGUMENT', async () => {
    expect((await errorDe(obtener('00000000-0000-4000-8000-000000000001'))).code).to.equal(
      grpc.status.NOT_FOUND,
    );
    expect((await errorDe(obtener('nope'))).code).to.equal(grpc.status.INVALID_ARGUMENT);
  });

  it('ReintentarPago de un pago que no está FALLIDO es FAILED_PRECONDITION', async () => {
    const { pago } = await e.solicitar(unaSolicitudGrpc());
    const error = await errorDe(reintentar(pago!.id));
    expect(error.code).to.equal(grpc.status.FAILED_PRECONDITION);
  });

  it('ReintentarPago de un pago FALLIDO responde SOLICITADO con intento 2', async () => {
    const { pago } = await e.solicitar(unaSolicitudGrpc());
    await e.contenedor.cradle.registrarResultadoLiquidacion({
      idEvento: `fallo-${pago!.id}`,
      idPago: pago!.id,
      resultado: 'FALLIDO',
      referenciaPasarela: '',
      motivo: 'pasarela caída',
      intento: 1,
    });
    const r = (await reintentar(pago!.id)).pago!;
    expect([r.estado, r.intentos]).to.deep.equal([pagos.EstadoPago.ESTADO_PAGO_SOLICITADO, 2]);
  });

  it('la misma clave con el mismo contenido devuelve el mismo pago; con otro, ALREADY_EXISTS', async () => {
    const req = unaSolicitudGrpc();
    const a = (await e.solicitar(req)).pago!;
    const b = (await e.solicitar(req)).pago!;
    expect(b.id).to.equal(a.id);
    const error = await errorDe(e.solicitar({ ...req, monto: { moneda: 'COP', unidadesMenores: 1n } }));
    expect(error.code).to.equal(grpc.status.ALREADY_EXISTS);
  });

  it('ListarPagos con page_token inválido es INVALID_ARGUMENT; un estado desconocido también', async () => {
    const listar = (req: Partial<pagos.ListarPagosRequest>) =>
      llamar(cliente, cliente.listarPagos, pagos.ListarPagosRequest.fromPartial(req));
    expect((await errorDe(listar({ pageToken: '!!!' }))).code).to.equal(grpc.status.INVALID_ARGUMENT);
    expect((await errorDe(listar({ estado: 99 as pagos.EstadoPago }))).code).to.equal(
      grpc.status.INVALID_ARGUMENT,
    );
    const pagina = await listar({ pageSize: 2 });
    expect(pagina.pagos).to.have.length(2);
    expect(pagina.nextPageToken).to.not.equal('');
  });

  it('sirve grpc.health.v1 (SERVING) y reflexión con el servicio de pagos', async () => {
    const { direccion } = e;
    expect(await consultarSalud(direccion, { servicio: NOMBRE_SERVICIO_PAGOS })).to.deep.equal({
      codigo: 0,
      estado: 1, // SERVING
    });

    // grpc.reflection.v1 ServerReflectionInfo with list_services (field 7) = '*'.
    const Reflexion = grpc.makeGenericClientConstructor(
      {
        Info: {
          path: '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
          requestStream: true,
          responseStream: true,
          requestSerialize: (b: Buffer) => b,
          requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Buffer) => b,
          responseDeserialize: (b: Buffer) => b,
        },
      },
      'ServerReflection',
    );
    const reflexion = new Reflexion(direccion, grpc.credentials.createInsecure());
    const flujo = (reflexion as unknown as Record<string, () => grpc.ClientDuplexStream<Buffer, Buffer>>)
      .Info!();
    const servicios = await new Promise<string>((resolve, reject) => {
      flujo.on('data', (b: Buffer) => resolve(b.toString('latin1')));
      flujo.on('error', reject);
      flujo.write(Buffer.from([58, 1, 42]));
    });
    flujo.end();
    reflexion.close();
    expect(servicios).to.contain(NOMBRE_SERVICIO_PAGOS);
    expect(servicios).to.not.contain('LiquidacionService');
  });
});
