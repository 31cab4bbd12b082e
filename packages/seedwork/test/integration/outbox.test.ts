import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  MIGRACIONES_SEEDWORK,
  Metricas,
  RelayOutbox,
  crearKnex,
  escribirEnOutbox,
  loggerNulo,
  migracionOutboxClaveParticion,
  migrar,
  type MensajeSaliente,
  type Publicador,
  aJsonOutbox,
  sqlInsertarOutbox,
  sqlInsertarOutboxPorLote,
  valoresOutboxPorLote,
} from '../../src';
import { crearBaseDeDatosTemporal, type BaseDeDatosTemporal } from '../../src/pruebas';
import { Client } from 'pg';
import { esperarHasta } from '../apoyo/esperar';

/** Records what it publishes; `fallar` decides per message whether it fails this time. */
class PublicadorGrabador implements Publicador {
  publicados: MensajeSaliente[] = [];
  lotes: number[] = [];
  constructor(
    private readonly fallar: (m: MensajeSaliente) => boolean = () => false,
    private readonly demoraMs = 0,
  ) {}
  async publicarLote(mensajes: MensajeSaliente[]): Promise<string[]> {
    this.lotes.push(mensajes.length);
    if (this.demoraMs) await new Promise((r) => setTimeout(r, this.demoraMs));
    const fallidos = mensajes.filter(this.fallar).map((m) => m.id);
    this.publicados.push(...mensajes.filter((m) => !fallidos.includes(m.id)));
    return fallidos;
  }
}

function mensajes(n: number): MensajeSaliente[] {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    topico: 'pagos-solicitados',
    tipo: 'alpespartners.eventos.v1.PagoSolicitado',
    datos: { idPago: `p-${i}`, intento: 1 },
    idCorrelacion: `c-${i}`,
  }));
}

describe('outbox y relay (Postgres real)', function () {
  this.timeout(60_000);
  let bd: BaseDeDatosTemporal;
  const relays: RelayOutbox[] = [];

  before(async () => {
    bd = await crearBaseDeDatosTemporal('seedwork_outbox');
    await migrar(bd.knex, [...MIGRACIONES_SEEDWORK]);
  });
  after(async () => {
    await bd?.eliminar();
  });
  beforeEach(async () => {
    await bd.knex('outbox').delete();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.detener(100)));
  });

  function relay(
    publicador: Publicador,
    opciones: Partial<ConstructorParameters<typeof RelayOutbox>[0]> = {},
  ) {
    const r = new RelayOutbox({
      knex: bd.knex,
      publicador,
      logger: loggerNulo,
      urlBaseDatos: bd.url,
      ...opciones,
    });
    relays.push(r);
    return r;
  }

  async function escribir(lista: MensajeSaliente[]) {
    await bd.knex.transaction((tx) => escribirEnOutbox(tx, lista));
  }

  async function pendientes(): Promise<number> {
    const [fila] = await bd.knex('outbox').whereNull('publicado_en').count<{ n: string }[]>({ n: '*' });
    return Number(fila!.n);
  }

  it('dos relays concurrentes publican cada fila una sola vez', async () => {
    const a = new PublicadorGrabador(() => false, 3);
    const b = new PublicadorGrabador(() => false, 3);
    await escribir(mensajes(600));
    await relay(a, { tamanoLote: 25 }).iniciar();
    await relay(b, { tamanoLote: 25 }).iniciar();
    // More rows arrive while both relays are claiming (one transaction per row, as services write them).
    await Promise.all(mensajes(400).map((m) => escribir([m])));

    await esperarHasta(async () => (await pendientes()) === 0, 30_000, 'que se publique todo');
    const ids = [...a.publicados, ...b.publicados].map((m) => m.id);
    expect(ids).to.have.length(1000);
    expect(new Set(ids).size).to.equal(1000);
    expect(a.publicados.length, 'el relay A publicó').to.be.greaterThan(0);
    expect(b.publicados.length, 'el relay B publicó').to.be.greaterThan(0);
  });

  it('despierta con NOTIFY al confirmarse una fila nueva, sin esperar al sondeo', async () => {
    const publicador = new PublicadorGrabador();
    await relay(publicador, { intervaloSondeoMs: 60_000 }).iniciar();
    const [m] = mensajes(1);
    const inicio = Date.now();
    await escribir([m!]);
    await esperarHasta(() => publicador.publicados.length === 1, 5_000, 'la publicación');
    const demoraMs = Date.now() - inicio;
    console.log(`      NOTIFY -> publicado en ${demoraMs} ms`);
    expect(demoraMs).to.be.lessThan(1_000); // a poll would take 60 s
    expect(publicador.publicados[0]).to.deep.include({ id: m!.id, idCorrelacion: 'c-0' });
    expect(publicador.publicados[0]!.datos).to.deep.equal({ idPago: 'p-0', intento: 1 });
  });

  it('una sentencia que no inserta filas en el outbox no notifica (la que sí, notifica)', async () => {
    const oyente = new Client({ connectionString: bd.url });
    await oyente.connect();
    try {
      const recibidas: string[] = [];
      oyente.on('notification', (n) => recibidas.push(n.payload ?? ''));
      await oyente.query('LISTEN outbox_nuevo');
      await bd.knex('outbox_relay').update({ despierto: false });
      // a save without events: the outbox INSERT of its CTE chain selects nothing
      await bd.knex.raw(`WITH nada AS (SELECT 1 WHERE false), o AS (${sqlInsertarOutbox('nada')}) SELECT 1`, [
        aJsonOutbox(mensajes(1)),
      ]);
      await bd.knex.raw(`SELECT pg_notify('outbox_nuevo', 'marca')`);
      await esperarHasta(() => recibidas.includes('marca'), 5_000, 'la marca');
      expect(recibidas, 'sin filas, sin NOTIFY').to.deep.equal(['marca']);
      await bd.knex.raw(sqlInsertarOutbox(), [aJsonOutbox(mensajes(1))]);
      await esperarHasta(() => recibidas.length === 2, 5_000, 'el NOTIFY de la fila nueva');
      expect(recibidas).to.deep.equal(['marca', '']);
    } finally {
      await oyente.end();
    }
  });

  it('las filas de una escritura agrupada son las mismas que las de sqlInsertarOutbox, solo las de agregados escritos, en orden', async () => {
    const lista = mensajes(4).map((m, i) => ({
      ...m,
      traceparent: i === 1 ? undefined : `tp-${i}`,
      claveParticion: i === 2 ? undefined : `pago-${i}`,
    }));
    const columnas = 'id, topico, tipo, datos, id_correlacion, traceparent, clave_particion';
    await bd.knex.raw(sqlInsertarOutbox(), [aJsonOutbox(lista)]);
    const una = (await bd.knex.raw(`SELECT ${columnas} FROM outbox ORDER BY secuencia`)).rows as unknown[];
    await bd.knex('outbox').delete();
    // aggregates a, b written; c not (e.g. its key was taken): its message must not be inserted
    const lote = lista.map((mensaje, i) => ({ idAgregado: ['a', 'b', 'c', 'a'][i]!, mensaje }));
    await bd.knex.raw(
      `WITH escritos(id) AS (VALUES ('a'), ('b')), o AS (${sqlInsertarOutboxPorLote('SELECT id FROM escritos', 'text')}) SELECT 1`,
      valoresOutboxPorLote(lote),
    );
    const agrupadas = (await bd.knex.raw(`SELECT ${columnas} FROM outbox ORDER BY secuencia`))
      .rows as unknown[];
    expect(agrupadas).to.deep.equal([una[0], una[1], una[3]]);
  });

  it('la clave de partición de un mensaje se guarda en su fila y el relay la entrega al publicador (sin clave, ninguna)', async () => {
    const [conClave, sinClave, agrupado] = mensajes(3).map((m, i) => ({
      ...m,
      claveParticion: i === 1 ? undefined : `pago-${i}`,
    }));
    await escribir([conClave!, sinClave!]);
    await bd.knex.raw(
      `WITH escritos(id) AS (VALUES ('a')), o AS (${sqlInsertarOutboxPorLote('SELECT id FROM escritos', 'text')}) SELECT 1`,
      valoresOutboxPorLote([{ idAgregado: 'a', mensaje: agrupado! }]),
    );
    const filas = await bd.knex('outbox').select('id', 'clave_particion').orderBy('secuencia');
    expect(filas).to.deep.equal([
      { id: conClave!.id, clave_particion: 'pago-0' },
      { id: sinClave!.id, clave_particion: null },
      { id: agrupado!.id, clave_particion: 'pago-2' },
    ]);
    const publicador = new PublicadorGrabador();
    expect(await relay(publicador).drenar()).to.equal(3);
    expect(publicador.publicados.map((m) => [m.id, m.claveParticion])).to.deep.equal([
      [conClave!.id, 'pago-0'],
      [sinClave!.id, undefined],
      [agrupado!.id, 'pago-2'],
    ]);
  });

  it('una fila escrita antes de existir la columna clave_particion se publica después de la migración, sin clave', async () => {
    const previa = await crearBaseDeDatosTemporal('seedwork_outbox_previa');
    try {
      const anteriores = MIGRACIONES_SEEDWORK.filter(
        (m) => m.nombre !== migracionOutboxClaveParticion.nombre,
      );
      expect(anteriores).to.have.length(MIGRACIONES_SEEDWORK.length - 1);
      await migrar(previa.knex, [...anteriores]);
      // the insert of the code before this column (the relay of that code read the same columns)
      await previa.knex('outbox').insert({ id: 'vieja', topico: 't', tipo: 'x.Evento', datos: { a: 1 } });
      expect(await migrar(previa.knex, [...MIGRACIONES_SEEDWORK])).to.deep.equal([
        migracionOutboxClaveParticion.nombre,
      ]);
      await previa.knex.transaction((tx) =>
        escribirEnOutbox(tx, [
          { id: 'nueva', topico: 't', tipo: 'x.Evento', datos: {}, claveParticion: 'p' },
        ]),
      );
      const publicador = new PublicadorGrabador();
      const r = new RelayOutbox({ knex: previa.knex, publicador, logger: loggerNulo });
      expect(await r.drenar()).to.equal(2);
      expect(publicador.publicados.map((m) => [m.id, m.claveParticion, m.datos])).to.deep.equal([
        ['vieja', undefined, { a: 1 }],
        ['nueva', 'p', {}],
      ]);
    } finally {
      await previa.eliminar();
    }
  });

  it('mientras el relay trabaja los escritores no notifican; al quedar ocioso vuelven a hacerlo', async () => {
    const despierto = async () => (await bd.knex('outbox_relay').first()).despierto as boolean;
    const publicador = new PublicadorGrabador(() => false, 20);
    await relay(publicador, { tamanoLote: 10, trabajadores: 1, intervaloSondeoMs: 60_000 }).iniciar();
    await esperarHasta(async () => !(await despierto()), 5_000, 'el relay ocioso');
    await escribir(mensajes(100));
    await esperarHasta(despierto, 5_000, 'el relay despierto bajo carga');
    await esperarHasta(
      async () => (await pendientes()) === 0 && !(await despierto()),
      10_000,
      'vuelta al ocio',
    );
    // Idle again: a new row still wakes it at once.
    await escribir(mensajes(1));
    await esperarHasta(() => publicador.publicados.length === 101, 2_000, 'la publicación tras el ocio');
  });

  it('bajo carga reclama lotes de hasta 200 filas', async () => {
    const publicador = new PublicadorGrabador();
    await escribir(mensajes(1000));
    const r = relay(publicador, { trabajadores: 1 });
    await r.iniciar();
    await esperarHasta(() => publicador.publicados.length === 1000, 20_000, 'la publicación');
    expect(Math.max(...publicador.lotes)).to.equal(200);
    expect(publicador.lotes.slice(0, 5)).to.deep.equal([200, 200, 200, 200, 200]);
  });

  it('reintenta con espera creciente una publicación fallida hasta publicarla', async () => {
    let fallos = 0;
    const publicador = new PublicadorGrabador(() => fallos++ < 2);
    await relay(publicador, { reintentoInicialMs: 50, trabajadores: 1 }).iniciar();
    const [m] = mensajes(1);
    await escribir([m!]);
    await esperarHasta(async () => (await pendientes()) === 0, 10_000, 'la publicación tras fallos');
    expect(publicador.lotes).to.have.length(3);
    expect(publicador.publicados.map((p) => p.id)).to.deep.equal([m!.id]);
  });

  it('una fila publicada sale de la tabla con su reclamo; una fallida queda con su intento y su próximo reintento', async () => {
    const lote = mensajes(5);
    const fallida = lote[2]!.id;
    const publicador = new PublicadorGrabador((m) => m.id === fallida);
    await escribir(lote);
    // no LISTEN, no poll during the test: only drenar() claims
    const r = relay(publicador, {
      urlBaseDatos: undefined,
      intervaloSondeoMs: 60_000,
      reintentoInicialMs: 60_000,
      reintentoMaximoMs: 60_000,
    });
    expect(await r.drenar()).to.equal(4);
    const filas = await bd.knex('outbox').select('id', 'intentos', 'publicado_en', 'proximo_intento_en');
    expect(filas.map((f) => f.id)).to.deep.equal([fallida]);
    expect(filas[0].intentos).to.equal(1);
    expect(filas[0].publicado_en).to.equal(null);
    // 60 s with a jitter of ±20 %
    expect(filas[0].proximo_intento_en.getTime()).to.be.greaterThan(Date.now() + 45_000);
  });

  it('una fila marcada publicada por un relay anterior (publicado_en) no se vuelve a publicar', async () => {
    const [vieja, nueva] = mensajes(2);
    await escribir([vieja!, nueva!]);
    await bd.knex('outbox').where('id', vieja!.id).update({ publicado_en: bd.knex.fn.now() });
    const publicador = new PublicadorGrabador();
    const r = relay(publicador, { urlBaseDatos: undefined, intervaloSondeoMs: 60_000 });
    expect(await r.drenar()).to.equal(1);
    expect(publicador.publicados.map((m) => m.id)).to.deep.equal([nueva!.id]);
    expect((await bd.knex('outbox').select('id')).map((f) => f.id)).to.deep.equal([vieja!.id]);
  });

  it('un publicador que lanza deja las filas pendientes para otro intento', async () => {
    let lanzar = true;
    const publicador: Publicador = {
      publicarLote: async () => {
        if (lanzar) throw new Error('sidecar caído');
        return [];
      },
    };
    const r = relay(publicador, { reintentoInicialMs: 20, trabajadores: 1 });
    await escribir(mensajes(3));
    await r.iniciar();
    await esperarHasta(async () => (await bd.knex('outbox').where('intentos', '>', 0)).length === 3);
    expect(await pendientes()).to.equal(3);
    lanzar = false;
    await esperarHasta(async () => (await pendientes()) === 0, 10_000, 'la publicación al volver el sidecar');
  });

  it('detener() publica lo pendiente antes de terminar', async () => {
    const publicador = new PublicadorGrabador();
    // No LISTEN and a slow poll: rows written after start stay pending until detener() flushes them.
    const r = relay(publicador, { urlBaseDatos: undefined, intervaloSondeoMs: 60_000 });
    await r.iniciar();
    await escribir(mensajes(250));
    expect(await pendientes()).to.equal(250);
    await r.detener();
    expect(await pendientes()).to.equal(0);
    expect(publicador.publicados).to.have.length(250);
  });

  it('expone el retraso del outbox como métricas', async () => {
    const metricas = new Metricas('', {}, false);
    const r = new RelayOutbox({
      knex: bd.knex,
      publicador: new PublicadorGrabador(),
      logger: loggerNulo,
      metricas,
    });
    await escribir(mensajes(7));
    const retraso = await r.retraso();
    expect(retraso.pendientes).to.equal(7);
    expect(retraso.segundos).to.be.at.least(0);
    const texto = await metricas.texto();
    expect(texto).to.match(/^outbox_pendientes 7$/m);
    expect(texto).to.match(/^outbox_retraso_segundos \d/m);
    await r.drenar();
    expect(await metricas.texto()).to.match(/^outbox_publicados_total 7$/m);
  });

  it('sin base de datos las métricas del outbox conservan su último valor y el scrape no falla', async () => {
    const metricas = new Metricas('', {}, false);
    const caida = crearKnex({ url: 'postgres://alpes:alpes@127.0.0.1:1/nada' }); // nothing listens there
    try {
      new RelayOutbox({ knex: caida, publicador: new PublicadorGrabador(), logger: loggerNulo, metricas });
      const texto = await metricas.texto();
      expect(texto).to.match(/^outbox_pendientes 0$/m);
    } finally {
      await caida.destroy();
    }
  });
});
