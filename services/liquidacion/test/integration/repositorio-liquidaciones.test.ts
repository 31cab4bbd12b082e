import { expect } from 'chai';
import {
  crearKnex,
  ErrorConcurrencia,
  GeneradorUuid,
  SinTransaccionKnex,
  TABLA_INBOX,
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
import { esperarHasta } from '../apoyo/pasarela-real';

const T0 = new Date('2026-01-01T00:00:00.000Z');

describe('repositorio de liquidaciones (Postgres real)', function () {
  this.timeout(30_000);
  let bd: BaseDeDatosTemporal;
  let servicio: ReturnType<typeof crearKnex>; // the service role (DML only), as the service connects
  let uow: UnidadDeTrabajoKnex;
  let sinTransaccion: SinTransaccionKnex;
  const repositorio = new RepositorioLiquidacionesKnex(new GeneradorUuid());
  let n = 0;

  before(async () => {
    bd = await baseDeDatosLiquidacion();
    servicio = crearKnex({ url: bd.urlServicio });
    uow = new UnidadDeTrabajoKnex(servicio);
    sinTransaccion = new SinTransaccionKnex(servicio);
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

  describe('guardarConInbox: la liquidacion y la fila de inbox del evento, todo o nada, en una sentencia', () => {
    const CONSUMIDOR = 'liquidacion/pagos-solicitados';
    const evento = (idEvento: string) => ({ idEvento, consumidor: CONSUMIDOR });
    const filasInbox = (idEvento: string) => bd.knex(TABLA_INBOX).where({ id_evento: idEvento });
    const pagar = (l: Liquidacion) =>
      l.registrarLlamada({ tipo: 'pagado', referencia: 'tr_i' }, { ocurridoEn: T0, duracionMs: 1 });
    /** A stored liquidacion (version 1), loaded again. */
    const guardada = async (idPago: string) => {
      await uow.ejecutar((tx) => repositorio.guardar(tx, nueva(idPago)));
      return (await cargar(idPago))!;
    };
    const guardarConInbox = (l: Liquidacion, idEvento: string) =>
      sinTransaccion.ejecutar((sesion) => repositorio.guardarConInbox(sesion, l, evento(idEvento)));
    const leerConInbox = (idPago: string, idEvento: string) =>
      sinTransaccion.ejecutar((sesion) => repositorio.porIdPagoConInbox(sesion, idPago, evento(idEvento)));

    it('sin transaccion: guarda el resultado, su evento y la fila de inbox; la lectura con inbox lo ve', async () => {
      const antes = await leerConInbox('pago-gi', 'ev-gi');
      expect(antes).to.deep.equal({ liquidacion: undefined, eventoRegistrado: false });
      const l = await guardada('pago-gi');
      pagar(l);
      expect(await guardarConInbox(l, 'ev-gi')).to.equal('guardada');
      expect(l.version).to.equal(2);
      const despues = await leerConInbox('pago-gi', 'ev-gi');
      expect(despues.eventoRegistrado).to.equal(true);
      expect(despues.liquidacion!.instantanea()).to.include({ estado: 'EXITOSA', version: 2 });
      expect(despues.liquidacion!.intentos).to.have.length(1);
      expect(await bd.knex(TABLA_OUTBOX).whereRaw("datos->>'idPago' = ?", ['pago-gi'])).to.have.length(1);
    });

    it('con la version vieja: ErrorConcurrencia, y la fila de inbox tampoco queda', async () => {
      const vieja = await guardada('pago-gv');
      const otra = (await cargar('pago-gv'))!;
      otra.registrarLlamada({ tipo: 'transitorio', error: 'HTTP 503' }, { ocurridoEn: T0, duracionMs: 1 });
      await uow.ejecutar((tx) => repositorio.guardar(tx, otra));
      pagar(vieja);
      const error = await guardarConInbox(vieja, 'ev-gv').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ErrorConcurrencia);
      expect(await filasInbox('ev-gv')).to.have.length(0);
      expect((await cargar('pago-gv'))!.instantanea()).to.include({ estado: 'EN_PROCESO', version: 2 });
    });

    it('con el evento ya en el inbox: evento-ya-registrado y no escribe nada', async () => {
      const l = await guardada('pago-gr');
      await bd.knex(TABLA_INBOX).insert({ id_evento: 'ev-gr', consumidor: CONSUMIDOR });
      pagar(l);
      expect(await guardarConInbox(l, 'ev-gr')).to.equal('evento-ya-registrado');
      const leida = (await cargar('pago-gr'))!;
      expect(leida.instantanea()).to.include({ estado: 'EN_PROCESO', version: 1 });
      expect(leida.intentos).to.have.length(0);
      expect(await bd.knex(TABLA_OUTBOX).whereRaw("datos->>'idPago' = ?", ['pago-gr'])).to.have.length(0);
    });

    it('otro confirma la fila de inbox del evento durante la sentencia: ErrorConcurrencia y no queda nada', async () => {
      const l = await guardada('pago-gc');
      pagar(l);
      const otro = await servicio.transaction();
      await otro(TABLA_INBOX).insert({ id_evento: 'ev-gc', consumidor: CONSUMIDOR });
      const guardado = guardarConInbox(l, 'ev-gc').catch((e: unknown) => e);
      try {
        // The statement waits on the uncommitted inbox row before the other writer commits.
        await esperarHasta(async () => {
          const { rows } = await bd.knex.raw(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
          );
          return (rows as { n: number }[])[0]!.n > 0;
        });
      } finally {
        await otro.commit();
      }
      expect(await guardado).to.be.instanceOf(ErrorConcurrencia);
      const leida = (await cargar('pago-gc'))!;
      expect(leida.instantanea()).to.include({ estado: 'EN_PROCESO', version: 1 });
      expect(leida.intentos).to.have.length(0);
      expect(await bd.knex(TABLA_OUTBOX).whereRaw("datos->>'idPago' = ?", ['pago-gc'])).to.have.length(0);
    });
  });
});
