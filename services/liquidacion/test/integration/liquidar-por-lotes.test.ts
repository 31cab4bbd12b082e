// Group commit across concurrent deliveries on a real Postgres and the real pasarela-simulada: the
// statements liquidarPago runs without a transaction are shared by a group (one per group, whatever its
// size), and each delivery ends as it would with its own statements.
import { expect } from 'chai';
import {
  ErrorConcurrencia,
  GeneradorUuid,
  InboxKnex,
  loggerNulo,
  RelojSistema,
  TABLA_INBOX,
  TABLA_OUTBOX,
  UnidadDeTrabajoKnex,
} from '@alpes/seedwork';
import { type BaseDeDatosTemporal } from '@alpes/seedwork/pruebas';
import { Monto } from '@alpes/seedwork/dominio';
import { Liquidacion } from '../../src/dominio';
import { procesarPagoSolicitado } from '../apoyo/entregas';
import { RepositorioLiquidacionesKnex } from '../../src/infraestructura/repositorio-liquidaciones-knex';
import {
  LiquidacionesSinTransaccionKnex,
  type OpcionesAgrupacion,
} from '../../src/infraestructura/liquidaciones-sin-transaccion-knex';
import { ConsultasLiquidacionesKnex } from '../../src/infraestructura/consultas-liquidaciones-knex';
import { PasarelaHttp } from '../../src/infraestructura/pasarela-http';
import { baseDeDatosLiquidacion } from '../apoyo/base-datos';
import { iniciarPasarelaReal, type PasarelaReal } from '../apoyo/pasarela-real';
import { unPagoSolicitado } from '../apoyo/fakes';
import { CONSUMIDOR_PAGOS_SOLICITADOS } from '../../src/aplicacion/comandos/liquidar-pago';

const T0 = new Date('2026-01-01T00:00:00.000Z');
/** Groups that close by size, not by the clock: a test knows what each group holds. */
const POR_TAMANO = { ventanaMs: 5_000, maximoLotesEnCurso: 1, maximoEnEspera: 1_000 };

describe('liquidar PagoSolicitado agrupando las sentencias de entregas concurrentes (Postgres real)', function () {
  this.timeout(60_000);
  let bd: BaseDeDatosTemporal;
  let pasarela: PasarelaReal;
  let consultas: ConsultasLiquidacionesKnex;
  const abiertos: LiquidacionesSinTransaccionKnex[] = [];
  let n = 0;

  before(async () => {
    [bd, pasarela] = await Promise.all([baseDeDatosLiquidacion(), iniciarPasarelaReal()]);
    consultas = new ConsultasLiquidacionesKnex(bd.knex);
  });
  after(async () => {
    await Promise.all(abiertos.map((a) => a.cerrar()));
    await Promise.all([bd?.eliminar(), pasarela?.detener()]);
  });
  beforeEach(async () => {
    await pasarela.admin('POST', '/admin/reiniciar');
  });

  /** A repository and its operations without a transaction, grouped as told (or not at all). */
  const montar = (agrupacion?: OpcionesAgrupacion) => {
    const generadorIds = new GeneradorUuid();
    const repositorio = new RepositorioLiquidacionesKnex(generadorIds);
    const sinTransaccion = new LiquidacionesSinTransaccionKnex(bd.knex, repositorio, agrupacion);
    abiertos.push(sinTransaccion);
    const deps = {
      repositorioLiquidaciones: repositorio,
      inbox: new InboxKnex(),
      unidadDeTrabajo: new UnidadDeTrabajoKnex(bd.knex),
      sinTransaccion,
      pasarelaPagos: new PasarelaHttp({ urlBase: pasarela.url, tiempoMaximoMs: 5000 }),
      reloj: new RelojSistema(),
      generadorIds,
      logger: loggerNulo,
    };
    return { repositorio, sinTransaccion, deps, procesar: procesarPagoSolicitado(deps) };
  };

  /** The statements `trabajo` sent to Postgres, BEGIN and COMMIT included. */
  const sentenciasDe = async <T>(trabajo: () => Promise<T>): Promise<{ sentencias: string[]; valor: T }> => {
    const sentencias: string[] = [];
    const anotar = (consulta: { sql: string }) => sentencias.push(consulta.sql);
    bd.knex.on('query', anotar);
    try {
      return { sentencias, valor: await trabajo() };
    } finally {
      bd.knex.off('query', anotar);
    }
  };

  const nuevosPagos = (cuantos: number) => Array.from({ length: cuantos }, () => `pago-${++n}`);
  const evento = (idPago: string, id = `ev-${idPago}`) => unPagoSolicitado({ idPago }, { id });

  /** What a settlement left, without ids or times: to compare the grouped path with the single one. */
  const loQueQuedo = async (idPago: string) => {
    const liquidacion = (await consultas.porIdPago(idPago))!;
    const transferencias = await pasarela.transferencias(idPago);
    const outbox = await bd.knex(TABLA_OUTBOX).whereRaw("datos->>'idPago' = ?", [idPago]);
    return {
      estado: liquidacion.estado,
      referenciaEsLaTransferencia:
        liquidacion.referenciaPasarela === ((transferencias[0]?.id as string | undefined) ?? ''),
      intentos: liquidacion.intentos.map((i) => [i.numero, i.resultado, i.intentoPago]),
      transferencias: transferencias.length,
      outbox: outbox.map((f: Record<string, unknown>) => ({
        topico: f.topico,
        tipo: f.tipo,
        clave: f.clave_particion === idPago,
        resultado: (f.datos as Record<string, unknown>).resultado,
        referencia:
          (f.datos as Record<string, unknown>).referenciaPasarela === liquidacion.referenciaPasarela,
      })),
      inbox: (await bd.knex(TABLA_INBOX).where({ id_evento: `ev-${idPago}` })).map(
        (f: Record<string, unknown>) => f.consumidor,
      ),
    };
  };

  describe('veinte liquidaciones concurrentes en un grupo', () => {
    it('pagadas: 3 sentencias en total (lectura, alta, resultado), y todo queda como por el camino de a una', async () => {
      const { procesar } = montar({ ...POR_TAMANO, maximoPorLote: 20 });
      const pagos = nuevosPagos(20);
      const { sentencias, valor } = await sentenciasDe(() =>
        Promise.all(pagos.map((p) => procesar(evento(p)))),
      );
      expect(valor).to.deep.equal(Array(20).fill('SUCCESS'));
      expect(sentencias, sentencias.join('\n')).to.have.length(3);
      expect(sentencias.filter((s) => /^(BEGIN|COMMIT)/i.test(s.trim()))).to.have.length(0);

      const solo = montar(); // VENTANA_AGRUPACION_MS=0: one statement per delivery and step
      const otro = nuevosPagos(1)[0]!;
      const deAUna = await sentenciasDe(() => solo.procesar(evento(otro)));
      expect(deAUna.valor).to.equal('SUCCESS');
      expect(deAUna.sentencias).to.have.length(3); // 3 per settlement: 60 for these 20 without groups
      const esperado = await loQueQuedo(otro);
      expect(esperado).to.deep.include({ estado: 'EXITOSA', transferencias: 1 });
      expect(esperado.outbox).to.have.length(1);
      expect(esperado.inbox).to.deep.equal([CONSUMIDOR_PAGOS_SOLICITADOS]);
      for (const p of pagos) expect(await loQueQuedo(p), p).to.deep.equal(esperado);
    });

    it('con la pasarela caída: 3 sentencias, cada una con su intento ERROR_TRANSITORIO y sin inbox', async () => {
      await pasarela.admin('POST', '/admin/bloquear');
      const { procesar } = montar({ ...POR_TAMANO, maximoPorLote: 20 });
      const pagos = nuevosPagos(20);
      const { sentencias, valor } = await sentenciasDe(() =>
        Promise.all(pagos.map((p) => procesar(evento(p)))),
      );
      expect(valor).to.deep.equal(Array(20).fill('RETRY'));
      expect(sentencias, sentencias.join('\n')).to.have.length(3);
      for (const p of pagos) {
        expect(await loQueQuedo(p), p).to.deep.equal({
          estado: 'EN_PROCESO',
          referenciaEsLaTransferencia: true,
          intentos: [[1, 'ERROR_TRANSITORIO', 1]],
          transferencias: 0,
          outbox: [],
          inbox: [],
        });
      }
      // the redeliveries, grouped too: the attempts go on from the stored ones
      await pasarela.admin('POST', '/admin/permitir');
      const otraVez = await sentenciasDe(() => Promise.all(pagos.map((p) => procesar(evento(p)))));
      expect(otraVez.valor).to.deep.equal(Array(20).fill('SUCCESS'));
      expect(otraVez.sentencias, otraVez.sentencias.join('\n')).to.have.length(2); // read, result
      for (const p of pagos) {
        const quedo = await loQueQuedo(p);
        expect(quedo.intentos, p).to.deep.equal([
          [1, 'ERROR_TRANSITORIO', 1],
          [2, 'EXITOSO', 1],
        ]);
        expect(quedo, p).to.deep.include({ estado: 'EXITOSA', referenciaEsLaTransferencia: true });
        expect(quedo.outbox, p).to.have.length(1);
      }
    });
  });

  describe('cada entrada de un grupo tiene su propio desenlace', () => {
    const CONSUMIDOR = CONSUMIDOR_PAGOS_SOLICITADOS;
    const nueva = (idPago: string, idCorrelacion = 'c-1') =>
      Liquidacion.iniciar(
        {
          id: `liq-${idPago}`,
          idPago,
          idInfluencer: 'inf-1',
          monto: Monto.de('COP', 1000n),
          idCorrelacion,
          intentoPago: 1,
        },
        T0,
      );
    const pagar = (l: Liquidacion, duracionMs = 1) =>
      l.registrarLlamada({ tipo: 'pagado', referencia: `tr-${l.idPago}` }, { ocurridoEn: T0, duracionMs });
    /** Stored liquidaciones (version 1), each loaded as step 1 would. */
    const guardadas = async (pagos: string[], repositorio: RepositorioLiquidacionesKnex) => {
      const uow = new UnidadDeTrabajoKnex(bd.knex);
      await uow.ejecutar(async (tx) => {
        for (const p of pagos) await repositorio.guardar(tx, nueva(p));
      });
      return Promise.all(
        pagos.map((p) => uow.ejecutar((tx) => repositorio.porIdPago(tx, p)).then((l) => l!)),
      );
    };
    const fila = (idPago: string) => bd.knex('liquidaciones').where({ id_pago: idPago }).first();
    const intentos = (idPago: string) =>
      bd
        .knex('intentos_liquidacion')
        .join('liquidaciones', 'liquidaciones.id', 'id_liquidacion')
        .where({ id_pago: idPago });
    const outbox = (idPago: string) => bd.knex(TABLA_OUTBOX).whereRaw("datos->>'idPago' = ?", [idPago]);
    const inbox = (idEvento: string) => bd.knex(TABLA_INBOX).where({ id_evento: idEvento });

    it('versión vieja, evento ya registrado y el resto: ErrorConcurrencia, evento-ya-registrado y guardada, en 1 sentencia', async () => {
      const { repositorio, sinTransaccion } = montar({ ...POR_TAMANO, maximoPorLote: 5 });
      const pagos = nuevosPagos(5);
      const ls = await guardadas(pagos, repositorio);
      // pagos[0]: another writer moved it to version 2 after it was loaded
      const uow = new UnidadDeTrabajoKnex(bd.knex);
      await uow.ejecutar(async (tx) => {
        const otra = (await repositorio.porIdPago(tx, pagos[0]!))!;
        otra.registrarLlamada({ tipo: 'transitorio', error: 'HTTP 503' }, { ocurridoEn: T0, duracionMs: 1 });
        await repositorio.guardar(tx, otra);
      });
      // pagos[1]: its event is already in the inbox
      await bd.knex(TABLA_INBOX).insert({ id_evento: `ev-${pagos[1]}`, consumidor: CONSUMIDOR });
      ls.forEach((l) => pagar(l));
      const { sentencias, valor } = await sentenciasDe(() =>
        Promise.allSettled(
          ls.map((l) =>
            sinTransaccion.guardarConInbox(l, { idEvento: `ev-${l.idPago}`, consumidor: CONSUMIDOR }),
          ),
        ),
      );
      expect(sentencias, sentencias.join('\n')).to.have.length(1);
      expect(valor[0]).to.have.property('status', 'rejected');
      expect((valor[0] as PromiseRejectedResult).reason).to.be.instanceOf(ErrorConcurrencia);
      expect(valor.slice(1).map((r) => (r as PromiseFulfilledResult<string>).value)).to.deep.equal([
        'evento-ya-registrado',
        'guardada',
        'guardada',
        'guardada',
      ]);
      // the stale one: as the other writer left it; no inbox row, no result, no event
      expect(await fila(pagos[0]!)).to.include({ estado: 'EN_PROCESO', version: 2 });
      expect(await inbox(`ev-${pagos[0]}`)).to.have.length(0);
      expect((await intentos(pagos[0]!)).map((i: { resultado: string }) => i.resultado)).to.deep.equal([
        'ERROR_TRANSITORIO',
      ]);
      expect(await outbox(pagos[0]!)).to.have.length(0);
      expect(ls[0]!.version).to.equal(1);
      // the one already registered: nothing written
      expect(await fila(pagos[1]!)).to.include({ estado: 'EN_PROCESO', version: 1 });
      expect(await intentos(pagos[1]!)).to.have.length(0);
      expect(await outbox(pagos[1]!)).to.have.length(0);
      expect(ls[1]!.version).to.equal(1);
      for (const [i, p] of pagos.slice(2).entries()) {
        expect(await fila(p)).to.include({ estado: 'EXITOSA', version: 2, referencia_pasarela: `tr-${p}` });
        expect(await inbox(`ev-${p}`)).to.have.length(1);
        expect(await intentos(p)).to.have.length(1);
        const [mensaje] = await outbox(p);
        expect(mensaje).to.include({
          tipo: 'alpespartners.eventos.v1.LiquidacionFinalizada',
          clave_particion: p,
        });
        expect(ls[i + 2]!.version).to.equal(2);
        expect(ls[i + 2]!.eventosPendientes).to.have.length(0);
      }
    });

    it('un dato que Postgres no acepta en una fila falla solo esa entrada: el grupo se rehace de a una', async () => {
      const { repositorio, sinTransaccion } = montar({ ...POR_TAMANO, maximoPorLote: 4 });
      const pagos = nuevosPagos(4);
      const ls = await guardadas(pagos, repositorio);
      ls.forEach((l, i) => pagar(l, i === 2 ? 2 ** 31 : 1)); // duracion_ms is an int: out of range
      const { sentencias, valor } = await sentenciasDe(() =>
        Promise.allSettled(
          ls.map((l) =>
            sinTransaccion.guardarConInbox(l, { idEvento: `ev-${l.idPago}`, consumidor: CONSUMIDOR }),
          ),
        ),
      );
      expect(sentencias, sentencias.join('\n')).to.have.length(1 + 4); // the group, then one per entry
      expect(valor.map((r) => r.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((valor[2] as PromiseRejectedResult).reason).to.have.property('code', '22003');
      for (const [i, p] of pagos.entries()) {
        const pagado = i !== 2;
        expect(await fila(p)).to.include(
          pagado ? { estado: 'EXITOSA', version: 2 } : { estado: 'EN_PROCESO', version: 1 },
        );
        expect(await inbox(`ev-${p}`)).to.have.length(pagado ? 1 : 0);
        expect(await outbox(p)).to.have.length(pagado ? 1 : 0);
      }
    });

    it('altas: un id_pago tomado da ErrorConcurrencia solo a esa entrada, y un dato inaceptable falla solo la suya', async () => {
      const { repositorio, sinTransaccion } = montar({ ...POR_TAMANO, maximoPorLote: 4 });
      const [tomado, libre, malo, otro] = nuevosPagos(4);
      await guardadas([tomado!], repositorio);
      const altas = [nueva(tomado!), nueva(libre!), nueva(otro!)].map((l) => {
        // another id than the stored one: a second delivery's new liquidacion for the same pago
        return l.idPago === tomado ? Liquidacion.reconstituir({ ...l.instantanea(), id: 'liq-otra' }) : l;
      });
      const primera = await sentenciasDe(() =>
        Promise.allSettled([...altas, nueva(nuevosPagos(1)[0]!)].map((l) => sinTransaccion.guardar(l))),
      );
      expect(primera.sentencias, primera.sentencias.join('\n')).to.have.length(1);
      expect(primera.valor.map((r) => r.status)).to.deep.equal([
        'rejected',
        'fulfilled',
        'fulfilled',
        'fulfilled',
      ]);
      expect((primera.valor[0] as PromiseRejectedResult).reason)
        .to.be.instanceOf(ErrorConcurrencia)
        .and.have.property('campo', 'id_pago');
      expect(await fila(tomado!)).to.include({ id: `liq-${tomado}` });
      expect(await fila(libre!)).to.include({ id: `liq-${libre}`, version: 1 });
      expect(altas[1]!.version).to.equal(1);

      const segunda = await sentenciasDe(() =>
        Promise.allSettled(
          nuevosPagos(4).map((p, i) => sinTransaccion.guardar(i === 1 ? nueva(malo!, 'c\u0000') : nueva(p))),
        ),
      );
      expect(segunda.sentencias, segunda.sentencias.join('\n')).to.have.length(1 + 4);
      expect(segunda.valor.map((r) => r.status)).to.deep.equal([
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
      ]);
      expect((segunda.valor[1] as PromiseRejectedResult).reason)
        .to.have.property('code')
        .that.matches(/^22/);
      expect(await fila(malo!)).to.equal(undefined);
    });
  });

  describe('entregas concurrentes del mismo evento liquidan una vez', () => {
    const unaVez = async (idPago: string) => {
      expect(await pasarela.transferencias(idPago), idPago).to.have.length(1);
      expect(await bd.knex(TABLA_OUTBOX).whereRaw("datos->>'idPago' = ?", [idPago]), idPago).to.have.length(
        1,
      );
      expect(await bd.knex(TABLA_INBOX).where({ id_evento: `ev-${idPago}` }), idPago).to.have.length(1);
      expect((await consultas.porIdPago(idPago))!.estado).to.equal('EXITOSA');
    };

    it('en el mismo grupo: una alta gana y la otra relee; un resultado gana y el otro relee y ve el evento', async () => {
      const { deps } = montar({
        ventanaMs: 100,
        maximoPorLote: 2,
        maximoLotesEnCurso: 1,
        maximoEnEspera: 1_000,
      });
      // both PSP calls answer together, so both results go in one group of 2
      let llamadas = 0;
      const ambas = new Promise<void>((listo) => {
        deps.pasarelaPagos = {
          transferir: async (t) => {
            if (++llamadas === 2) listo();
            await ambas;
            return new PasarelaHttp({ urlBase: pasarela.url, tiempoMaximoMs: 5000 }).transferir(t);
          },
        } as PasarelaHttp;
      });
      const procesar = procesarPagoSolicitado(deps);
      const [p] = nuevosPagos(1);
      const { sentencias, valor } = await sentenciasDe(() =>
        Promise.all([procesar(evento(p!)), procesar(evento(p!))]),
      );
      expect(valor).to.deep.equal(['SUCCESS', 'SUCCESS']);
      expect(llamadas).to.equal(2);
      const contar = (patron: RegExp) => sentencias.filter((s) => patron.test(s)).length;
      expect(contar(/INSERT INTO liquidaciones/), sentencias.join('\n')).to.equal(1); // both entries, one statement
      expect(contar(/^\s*WITH entrada AS \(\s*SELECT e\.\*/), sentencias.join('\n')).to.equal(1); // both results
      expect(contar(/UPDATE liquidaciones/), sentencias.join('\n')).to.equal(1); // the loser re-read and wrote no result
      await unaVez(p!);
    });

    it('en grupos que corren a la vez, entre entregas de otros pagos', async () => {
      await pasarela.admin('PUT', '/admin/fallas', { latencia_ms: 20 });
      const { procesar } = montar({
        ventanaMs: 2,
        maximoPorLote: 3,
        maximoLotesEnCurso: 4,
        maximoEnEspera: 1_000,
      });
      const pagos = nuevosPagos(10);
      const entregas = pagos.flatMap((p) => Array.from({ length: 4 }, () => evento(p)));
      const respuestas = await Promise.all(entregas.map((e) => procesar(e)));
      expect(respuestas).to.deep.equal(Array(entregas.length).fill('SUCCESS'));
      for (const p of pagos) await unaVez(p);
    });
  });

  it('con la cola de un grupo llena la entrega se rechaza con ErrorSaturacion: RETRY a daprd, y la reentrega paga', async () => {
    const { procesar } = montar({
      ventanaMs: 5_000,
      maximoPorLote: 1,
      maximoLotesEnCurso: 1,
      maximoEnEspera: 1,
    });
    const pagos = nuevosPagos(3);
    const respuestas = await Promise.all(pagos.map((p) => procesar(evento(p))));
    expect(respuestas).to.deep.equal(['SUCCESS', 'SUCCESS', 'RETRY']);
    expect(await consultas.porIdPago(pagos[2]!)).to.equal(undefined);
    expect(await procesar(evento(pagos[2]!))).to.equal('SUCCESS');
    expect(await pasarela.transferencias(pagos[2]!)).to.have.length(1);
  });
});
