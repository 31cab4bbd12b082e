import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { MensajeSaliente } from '@alpes/seedwork';
import { EntornoDePrueba, entornoDePrueba, esperarHasta, rutas } from '../../src';
import { AppDePrueba } from './app-de-prueba';

// The runtime's promises, on real daprd sidecars and a real Pulsar broker.

function maxRetriesDeLaPolitica(): number {
  const spec = parse(fs.readFileSync(path.join(rutas.componentes, 'resiliencia.yaml'), 'utf8'));
  const politica = spec.spec.targets.components.pubsub.inbound.retry as string;
  return spec.spec.policies.retries[politica].maxRetries as number;
}

function mensajes(topico: string, n: number): MensajeSaliente[] {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    topico,
    tipo: 'alpespartners.pruebas.v1.Prueba',
    datos: { indice: i },
    idCorrelacion: `corr-${i}`,
  }));
}

async function publicar(app: AppDePrueba, lote: MensajeSaliente[]): Promise<void> {
  const fallidos = await app.publicador.publicarLote(lote);
  expect(fallidos, 'ids the sidecar did not acknowledge').to.deep.equal([]);
}

describe('runtime local: Dapr pub/sub sobre Pulsar (e2e)', function () {
  this.timeout(240_000);
  let entorno: EntornoDePrueba;
  const apps: AppDePrueba[] = [];
  const sufijo = randomUUID().slice(0, 8);
  const topico = (nombre: string) => `prueba-${nombre}-${sufijo}`;

  before(async () => {
    entorno = await entornoDePrueba();
  });

  afterEach(async () => {
    while (apps.length) await apps.pop()!.detener(entorno);
  });

  async function app(
    appId: string,
    subs: { topico: string; topicoDeadLetter?: string }[],
  ): Promise<AppDePrueba> {
    const a = new AppDePrueba(`${appId}-${sufijo}`, subs);
    await a.iniciar(entorno);
    apps.push(a);
    return a;
  }

  it('un evento publicado por un sidecar llega a la otra app con su id, tipo y datos', async () => {
    const t = topico('entrega');
    const receptor = await app('receptor', [{ topico: t }]);
    const emisor = await app('emisor', []);
    const lote = mensajes(t, 20);
    await publicar(emisor, lote);
    await esperarHasta('20 deliveries', () => receptor.de(t).length >= 20);
    expect(
      receptor
        .de(t)
        .map((e) => e.id)
        .sort(),
    ).to.deep.equal(lote.map((m) => m.id).sort());
    const primero = receptor.de(t).find((e) => e.id === lote[0]!.id)!;
    expect(primero.tipo).to.equal('alpespartners.pruebas.v1.Prueba');
    expect(primero.datos).to.deep.equal({ indice: 0 });
    expect(primero.idCorrelacion).to.equal('corr-0');
  });

  it('una suscripción creada después de publicar recibe lo publicado antes (subscribeInitialPosition earliest)', async () => {
    // on a fresh system pagos' relay may publish before liquidacion's sidecar first subscribes
    const t = topico('antes-de-suscribir');
    const emisor = await app('emisor', []);
    const lote = mensajes(t, 20);
    await publicar(emisor, lote);
    const stats = (await (
      await fetch(`${entorno.urlAdminPulsar}/admin/v2/persistent/public/default/${t}/stats`)
    ).json()) as { msgInCounter: number; subscriptions: Record<string, unknown> };
    expect(stats.msgInCounter, 'stored before anyone subscribed').to.equal(20);
    expect(Object.keys(stats.subscriptions), 'no subscription yet').to.deep.equal([]);
    const receptor = await app('receptor', [{ topico: t }]);
    await esperarHasta('the 20 events published before the subscription', () => receptor.de(t).length >= 20);
    expect(new Set(receptor.de(t).map((e) => e.id))).to.deep.equal(new Set(lote.map((m) => m.id)));
  });

  it('RETRY se reentrega lo que dice la política de resiliencia y luego va al dead-letter', async () => {
    const t = topico('reintento');
    const dlq = `${t}-dlq`;
    const receptor = await app('reintentos', [{ topico: t, topicoDeadLetter: dlq }, { topico: dlq }]);
    receptor.respuesta = (e) => (e.topico === t ? 'RETRY' : 'SUCCESS');
    const emisor = await app('emisor-reintento', []);
    const [m] = mensajes(t, 1);
    await publicar(emisor, [m!]);
    await esperarHasta('the event on the dead-letter topic', () => receptor.de(dlq).length > 0, 60_000);
    expect(receptor.de(t)).to.have.length(maxRetriesDeLaPolitica() + 1);
    expect(receptor.de(t).every((e) => e.id === m!.id)).to.equal(true);
    expect(receptor.de(dlq)[0]!.datos).to.deep.equal(m!.datos);
  });

  it('DROP va al dead-letter de inmediato, sin reintentos', async () => {
    const t = topico('drop');
    const dlq = `${t}-dlq`;
    const receptor = await app('drop', [{ topico: t, topicoDeadLetter: dlq }, { topico: dlq }]);
    receptor.respuesta = (e) => (e.topico === t ? 'DROP' : 'SUCCESS');
    const emisor = await app('emisor-drop', []);
    const [m] = mensajes(t, 1);
    await publicar(emisor, [m!]);
    await esperarHasta('the event on the dead-letter topic', () => receptor.de(dlq).length > 0);
    expect(receptor.de(t)).to.have.length(1);
    expect(receptor.de(dlq)[0]!.datos).to.deep.equal(m!.datos);
  });

  it('un kill -9 del broker y del suscriptor no pierde nada de lo que el sidecar confirmó', async () => {
    const t = topico('reinicio');
    const receptor = await app('reinicio', [{ topico: t }]);
    const emisor = await app('emisor-reinicio', []);
    // the subscription exists (the receptor subscribed); now the receptor crashes
    await publicar(emisor, mensajes(t, 1));
    await esperarHasta('the first delivery', () => receptor.de(t).length === 1);
    apps.splice(apps.indexOf(receptor), 1);
    await receptor.detener(entorno, true);

    const lote = mensajes(t, 200);
    await publicar(emisor, lote); // every id acknowledged by the sidecar, i.e. persisted by the broker
    await entorno.supervisor.matar('pulsar');
    await entorno.supervisor.reiniciar('pulsar');

    const reiniciado = await app('reinicio', [{ topico: t }]); // same app id: same Pulsar subscription
    await esperarHasta(
      'the 200 acknowledged events after the restart',
      () => {
        const recibidos = new Set(reiniciado.de(t).map((e) => e.id));
        return lote.every((m) => recibidos.has(m.id));
      },
      120_000,
    );
    await reiniciarPulsarConParadaLimpia();
  }).timeout(300_000);

  /**
   * A mitigation, not a proven fix: once in a CI rehearsal, the broker restarted after a kill -9
   * began, ~67 s later, to loop re-registering its bookie ("Lock on resource /ledgers/available/…
   * was invalidated", "Not enough non-faulty bookies") for minutes, which failed the tests after this
   * one. The tests that follow get a broker started after a clean stop instead of the crashed one's
   * successor.
   */
  async function reiniciarPulsarConParadaLimpia(): Promise<void> {
    await entorno.supervisor.reiniciar('pulsar');
  }
});
