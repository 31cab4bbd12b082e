import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NOMBRES, TIPOS_EVENTO } from '@alpes/contratos';
import { renderizar, rutaEstadisticasKeda, senalDe } from '@alpes/despliegue';
import { daprd, entornoDePrueba, esperarHasta, puertoLibre, type EntornoDePrueba } from '@alpes/entorno';
import {
  escribirEnOutbox,
  iniciarServidorAppCallback,
  loggerNulo,
  migrar,
  MIGRACIONES_SEEDWORK,
  PublicadorDapr,
  RelayOutbox,
  type ServidorAppCallback,
} from '@alpes/seedwork';
import { crearBaseDeDatosTemporal } from '@alpes/seedwork/pruebas';

// The autoscaling signal with a partitioned pagos-solicitados (issue #11), on the real broker and
// sidecars: a topic of P partitions, payments published through daprd with a partition key each (the
// id_pago), liquidacion's subscription absent. The stats KEDA reads with the chart's
// isPartitionedTopic (partitioned-stats) count every waiting payment, summed over the partitions; the
// /stats it would read without it describe no partitioned topic. A Dapr subscription under the same
// name then drains every partition. Then the outbox relay publishes two rounds of events of the same
// pagos through daprd, each with its pago id as partition key: each pago's events sit on one partition,
// its first round before its second. A throwaway topic: the system's own pagos-solicitados is not
// partitioned and other tests use it.

const P = 4;
const N = 40;

describe('señal de autoescalado con pagos-solicitados particionado (e2e)', function () {
  this.timeout(240_000);
  let entorno: EntornoDePrueba;
  const sufijo = randomUUID().slice(0, 8);
  const topico = `pagos-solicitados-particionado-${sufijo}`;
  const suscripcion = `liquidacion-${sufijo}`; // Dapr's consumerID {appID} of the receiving app
  const emisora = `pagos-${sufijo}`;
  const iniciados: string[] = [];
  const servidores: ServidorAppCallback[] = [];
  const recibidos = new Set<string>();
  let particionado: boolean;
  let admin: string;

  const ruta = (particionada: boolean) =>
    `${admin}${rutaEstadisticasKeda(`persistent://public/default/${topico}`, particionada)}`;

  async function backlogKeda(): Promise<number | undefined> {
    const r = await fetch(ruta(particionado));
    if (!r.ok) return undefined;
    const stats = (await r.json()) as { subscriptions: Record<string, { msgBacklog: number }> };
    return stats.subscriptions[suscripcion]?.msgBacklog;
  }

  async function app(appId: string, topicos: string[]): Promise<{ http: number; grpc: number }> {
    const servidor = await iniciarServidorAppCallback({
      puerto: 0,
      tokenApp: entorno.tokens.app,
      pubsub: NOMBRES.componentePubsub,
      registro: { info: () => undefined, warn: () => undefined, error: () => undefined },
      suscripciones: topicos.map((topico) => ({
        topico,
        manejar: async (e) => (recibidos.add(e.id), 'SUCCESS'),
      })),
    });
    servidores.push(servidor);
    const [grpc, http, interno, metricas] = await Promise.all([
      puertoLibre(),
      puertoLibre(),
      puertoLibre(),
      puertoLibre(),
    ]);
    const definicion = daprd({
      appId,
      appPuerto: servidor.puerto,
      tokens: entorno.tokens,
      grpc,
      http,
      interno,
      metricas,
      recursos: entorno.recursos,
    });
    await entorno.supervisor.iniciar(definicion);
    iniciados.push(definicion.nombre);
    return { http, grpc };
  }

  /** The events held on partition `p` for `sub`, oldest first (peeked: nothing is consumed). */
  async function enParticion(p: number, sub: string): Promise<{ idPago: string; intento: number }[]> {
    const base = `${admin}/admin/v2/persistent/public/default/${topico}-partition-${p}/subscription/${sub}`;
    const eventos: { idPago: string; intento: number }[] = [];
    for (let n = 1; ; n++) {
      const r = await fetch(`${base}/position/${n}`);
      if (r.status === 404 || r.status === 412) return eventos; // past the last message
      expect(r.status, await r.clone().text()).to.equal(200);
      const sobre = (await r.json()) as { data: { idPago: string; intento: number } };
      eventos.push(sobre.data);
    }
  }

  before(async () => {
    // what the chart tells KEDA once pagos-solicitados has partitions
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alpes-particiones-'));
    const valores = path.join(dir, 'valores.json');
    fs.writeFileSync(valores, JSON.stringify({ pulsar: { particiones: { pagosSolicitados: P } } }));
    particionado = senalDe(await renderizar({ valores: ['prod', valores] })).particionado;
    expect(particionado, 'isPartitionedTopic del ScaledObject').to.equal(true);
    entorno = await entornoDePrueba();
    admin = entorno.urlAdminPulsar;
    const base = `${admin}/admin/v2/persistent/public/default/${topico}`;
    const creado = await fetch(`${base}/partitions`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: String(P),
    });
    expect(creado.status, await creado.text()).to.equal(204);
    // the durable subscription exists before anything is published (as liquidacion's does in production)
    const sub = await fetch(`${base}/subscription/${suscripcion}`, { method: 'PUT' });
    expect(sub.status, await sub.text()).to.equal(204);
  });

  after(async () => {
    for (const nombre of iniciados.reverse()) await entorno.supervisor.detener(nombre);
    for (const s of servidores) await s.detener(0);
  });

  it('el backlog que lee KEDA cuenta cada pago en espera, sumado sobre las particiones, y se vacía al consumir', async () => {
    const { http } = await app(emisora, []);
    for (let i = 0; i < N; i++) {
      const r = await fetch(
        `http://127.0.0.1:${http}/v1.0/publish/${NOMBRES.componentePubsub}/${topico}?metadata.partitionKey=pago-${i}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'dapr-api-token': entorno.tokens.dapr },
          body: JSON.stringify({ idPago: `pago-${i}` }),
        },
      );
      expect(r.status, await r.text()).to.equal(204);
    }
    let visto: number | undefined;
    await esperarHasta(`msgBacklog = ${N} (last ${visto})`, async () => (visto = await backlogKeda()) === N);

    // the sum is over partitions that each hold part of the payments (the keys spread them)
    const porParticion = (await (await fetch(`${ruta(true)}?perPartition=true`)).json()) as {
      partitions: Record<string, { subscriptions: Record<string, { msgBacklog: number }> }>;
    };
    const backlogs = Object.values(porParticion.partitions).map(
      (p) => p.subscriptions[suscripcion]?.msgBacklog ?? 0,
    );
    expect(backlogs).to.have.length(P);
    expect(
      backlogs.every((b) => b > 0),
      `backlog by partition ${backlogs.join(',')}`,
    ).to.equal(true);
    expect(backlogs.reduce((a, b) => a + b, 0)).to.equal(N);
    // without isPartitionedTopic KEDA would read /stats, which is not this topic's backlog
    const sinParticiones = await fetch(ruta(false));
    expect(sinParticiones.ok, `GET ${ruta(false)} -> ${sinParticiones.status}`).to.equal(false);

    // a Dapr subscription under that name (consumerID = app id) drains every partition
    await app(suscripcion, [topico]);
    await esperarHasta('the backlog drains to 0', async () => (await backlogKeda()) === 0, 120_000);
    expect(recibidos.size).to.equal(N);
  });

  it('el relay del outbox publica con el id de pago como clave: los eventos de un pago quedan en una partición, en orden', async () => {
    const testigo = `orden-${sufijo}`; // nobody consumes it: it keeps what lands on each partition
    const sub = await fetch(`${admin}/admin/v2/persistent/public/default/${topico}/subscription/${testigo}`, {
      method: 'PUT',
    });
    expect(sub.status, await sub.text()).to.equal(204);
    const emisor = `pagos-relay-${sufijo}`;
    const { grpc } = await app(emisor, []);
    const bd = await crearBaseDeDatosTemporal('e2e_particion_pago', entorno.urlPostgresAdmin);
    const publicador = new PublicadorDapr({
      direccion: `127.0.0.1:${grpc}`,
      pubsub: NOMBRES.componentePubsub,
      fuente: emisor,
      tokenDapr: entorno.tokens.dapr,
    });
    try {
      await migrar(bd.knex, [...MIGRACIONES_SEEDWORK]);
      const relay = new RelayOutbox({ knex: bd.knex, publicador, logger: loggerNulo });
      const pagos = Array.from({ length: 8 }, () => randomUUID());
      // a first round of every pago, published; then a second round (a retry), published after it
      for (const intento of [1, 2]) {
        await bd.knex.transaction((tx) =>
          escribirEnOutbox(
            tx,
            pagos.map((idPago) => ({
              id: randomUUID(),
              topico,
              tipo: TIPOS_EVENTO.pagoSolicitado,
              datos: { idPago, intento },
              claveParticion: idPago,
            })),
          ),
        );
        expect(await relay.drenar()).to.equal(pagos.length);
      }
      const porParticion: { idPago: string; intento: number }[][] = [];
      await esperarHasta('the 16 events on the partitions', async () => {
        porParticion.length = 0;
        for (let p = 0; p < P; p++) porParticion.push(await enParticion(p, testigo));
        return porParticion.flat().length === 2 * pagos.length;
      });
      for (const idPago of pagos) {
        const donde = porParticion.flatMap((eventos, p) =>
          eventos.some((e) => e.idPago === idPago) ? [p] : [],
        );
        expect(donde, `partitions of pago ${idPago}`).to.have.length(1);
        const rondas = porParticion[donde[0]!]!.filter((e) => e.idPago === idPago).map((e) => e.intento);
        expect(rondas, `rounds of pago ${idPago}`).to.deep.equal([1, 2]);
      }
      // and the keys do spread the pagos: more than one partition holds some
      expect(porParticion.filter((eventos) => eventos.length > 0).length).to.be.greaterThan(1);
    } finally {
      publicador.cerrar();
      await bd.eliminar();
    }
  });
});
