import { expect } from 'chai';
import {
  crearKnex,
  ErrorConcurrencia,
  GeneradorUuid,
  TABLA_OUTBOX,
  UnidadDeTrabajoKnex,
} from '@alpes/seedwork';
import { type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { Monto } from '@alpes/seedwork/dominio';
import { Liquidacion } from '../../src/dominio';
import { RepositorioLiquidacionesKnex } from '../../src/infraestructura/repositorio-liquidaciones-knex';
import { ConsultasLiquidacionesKnex } from '../../src/infraestructura/consultas-liquidaciones-knex';
import { listarLiquidaciones } from '../../src/aplicacion/consultas/listar-liquidaciones';
import { baseDeDatosLiquidacion } from '../apoyo/base-datos';

const T0 = new Date('2026-01-01T00:00:00.000Z');

describe('repositorio de liquidaciones (Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let servicio: ReturnType<typeof crearKnex>; // the service role (DML only), as the service connects
  let uow: UnidadDeTrabajoKnex;
  const repositorio = new RepositorioLiquidacionesKnex(new GeneradorUuid());
  let n = 0;

  before(async () => {
    bd = await baseDeDatosLiquidacion();
    servicio = crearKnex({ url: bd.urlServicio });
    uow = new UnidadDeTrabajoKnex(servicio);
  });
  after(async () => {
    await servicio?.destroy();
    await bd?.eliminar();
  });

  const nueva = (idPago = `pago-${++n}`) =>
    Liquidacion.iniciar(
      {
        id: `liq-${idPago}`,
        idPago,
        idInfluencer: 'inf-1',
        monto: Monto.de('COP', 9_007_199_254_740_993n),
        idCorrelacion: 'c-1',
        intentoPago: 1,
      },
      T0,
    );
  const cargar = (idPago: string) => uow.ejecutar((tx) => repositorio.porIdPago(tx, idPago));
  const outbox = () => bd.knex(TABLA_OUTBOX).orderBy('secuencia');

  it('guarda y reconstituye una liquidacion con sus intentos y un monto mayor que 2^53', async () => {
    const l = nueva('pago-r');
    l.registrarLlamada({ tipo: 'transitorio', error: 'HTTP 503' }, { ocurridoEn: T0, duracionMs: 5 });
    await uow.ejecutar((tx) => repositorio.guardar(tx, l));
    const leida = (await cargar('pago-r'))!;
    leida.registrarLlamada({ tipo: 'pagado', referencia: 'tr_1' }, { ocurridoEn: T0, duracionMs: 7 });
    await uow.ejecutar((tx) => repositorio.guardar(tx, leida));
    const final = (await cargar('pago-r'))!.instantanea();
    expect(final).to.include({ estado: 'EXITOSA', referenciaPasarela: 'tr_1', version: 2, intentoPago: 1 });
    expect(final.monto.unidadesMenores).to.equal(9_007_199_254_740_993n);
    expect(final.creadaEn.toISOString()).to.equal(T0.toISOString());
    expect(final.intentos.map((i) => [i.numero, i.resultado, i.error, i.duracionMs])).to.deep.equal([
      [1, 'ERROR_TRANSITORIO', 'HTTP 503', 5],
      [2, 'EXITOSO', '', 7],
    ]);
  });

  it('escribe LiquidacionFinalizada en el outbox con el tipo, el topico y el JSON proto3', async () => {
    const l = nueva('pago-o');
    l.registrarLlamada({ tipo: 'pagado', referencia: 'tr_9' }, { ocurridoEn: T0, duracionMs: 1 });
    await uow.ejecutar((tx) => repositorio.guardar(tx, l, { traceparent: '00-t-s-01' }));
    const filas = await bd.knex(TABLA_OUTBOX).whereRaw("datos->>'idPago' = ?", ['pago-o']);
    expect(filas).to.have.length(1);
    expect(filas[0]).to.include({
      topico: 'liquidaciones-finalizadas',
      tipo: 'alpespartners.eventos.v1.LiquidacionFinalizada',
      id_correlacion: 'c-1',
      traceparent: '00-t-s-01',
      clave_particion: 'pago-o', // a pago's events share a partition of a partitioned topic
    });
    expect(filas[0].datos).to.deep.include({
      idPago: 'pago-o',
      idLiquidacion: 'liq-pago-o',
      resultado: 'RESULTADO_LIQUIDACION_PAGADO',
      referenciaPasarela: 'tr_9',
      intento: 1,
    });
  });

  it('si la transaccion se deshace no queda ni la liquidacion ni su evento', async () => {
    const antes = (await outbox()).length;
    const l = nueva('pago-x');
    l.marcarFallida(T0);
    await uow
      .ejecutar(async (tx) => {
        await repositorio.guardar(tx, l);
        throw new Error('fallo despues de guardar');
      })
      .catch(() => undefined);
    expect(await cargar('pago-x')).to.equal(undefined);
    expect(await outbox()).to.have.length(antes);
  });

  it('concurrencia optimista: el segundo escritor de la misma version recibe ErrorConcurrencia', async () => {
    await uow.ejecutar((tx) => repositorio.guardar(tx, nueva('pago-c')));
    const a = (await cargar('pago-c'))!;
    const b = (await cargar('pago-c'))!;
    a.registrarLlamada({ tipo: 'pagado', referencia: 'tr_a' }, { ocurridoEn: T0, duracionMs: 1 });
    b.registrarLlamada({ tipo: 'rechazado', motivo: 'no' }, { ocurridoEn: T0, duracionMs: 1 });
    await uow.ejecutar((tx) => repositorio.guardar(tx, a));
    const error = await uow.ejecutar((tx) => repositorio.guardar(tx, b)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ErrorConcurrencia);
    expect((await cargar('pago-c'))!.estado).to.equal('EXITOSA');
  });

  it('dos creaciones concurrentes del mismo pago: una gana, la otra recibe ErrorConcurrencia en id_pago', async () => {
    const resultados = await Promise.allSettled(
      [1, 2].map((i) =>
        uow.ejecutar((tx) =>
          repositorio.guardar(
            tx,
            Liquidacion.iniciar(
              {
                id: `liq-d-${i}`,
                idPago: 'pago-d',
                idInfluencer: 'i',
                monto: Monto.de('COP', 1n),
                idCorrelacion: '',
                intentoPago: 1,
              },
              T0,
            ),
          ),
        ),
      ),
    );
    const fallidos = resultados.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fallidos).to.have.length(1);
    expect(fallidos[0]!.reason).to.be.instanceOf(ErrorConcurrencia).and.have.property('campo', 'id_pago');
  });

  it('las consultas paginan de la mas nueva a la mas vieja filtrando por estado, con intentos', async () => {
    const consultas = new ConsultasLiquidacionesKnex(servicio);
    for (let i = 0; i < 5; i++) {
      const l = nueva(`pago-p${i}`);
      l.registrarLlamada({ tipo: 'rechazado', motivo: `m${i}` }, { ocurridoEn: T0, duracionMs: i });
      await uow.ejecutar((tx) => repositorio.guardar(tx, l));
    }
    const listar = listarLiquidaciones({ consultasLiquidaciones: consultas });
    const primera = await listar({ estado: 'RECHAZADA', tamanoPagina: 2, tokenPagina: '' });
    const segunda = await listar({
      estado: 'RECHAZADA',
      tamanoPagina: 2,
      tokenPagina: primera.siguienteToken,
    });
    const tercera = await listar({
      estado: 'RECHAZADA',
      tamanoPagina: 2,
      tokenPagina: segunda.siguienteToken,
    });
    expect(
      [...primera.liquidaciones, ...segunda.liquidaciones, ...tercera.liquidaciones].map((l) => l.idPago),
    ).to.deep.equal(['pago-p4', 'pago-p3', 'pago-p2', 'pago-p1', 'pago-p0']);
    expect(tercera.siguienteToken).to.equal('');
    expect(primera.liquidaciones[0]!.intentos.map((i) => i.error)).to.deep.equal(['m4']);
    const dto = await consultas.porIdPago('pago-p0');
    expect(dto).to.deep.include({ estado: 'RECHAZADA', motivo: 'm0' });
  });
});
