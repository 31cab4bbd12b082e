import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { NOMBRES, TOPICOS } from '@alpes/contratos';
import { SistemaDePrueba, sistemaDePrueba } from '../../src';

// Each app speaks only its own topics (components/pubsub.yaml publishingScopes, from topicos.json
// "alcances"), enforced by the real daprd: a compromised pagos cannot announce a settlement through
// its sidecar, and a compromised liquidacion cannot request a payment. Nothing reaches the topic.

describe('alcances de Dapr: cada app publica solo sus tópicos (e2e)', function () {
  this.timeout(180_000);
  let s: SistemaDePrueba;

  before(async () => {
    s = await sistemaDePrueba();
  });

  async function publicar(puertoDaprHttp: number, topico: string): Promise<number> {
    const r = await fetch(
      `http://127.0.0.1:${puertoDaprHttp}/v1.0/publish/${NOMBRES.componentePubsub}/${topico}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dapr-api-token': s.entorno.tokens.dapr },
        body: JSON.stringify({ forjado: randomUUID() }),
      },
    );
    await r.text();
    return r.status;
  }

  async function entradas(topico: string): Promise<number> {
    const r = await fetch(
      `http://127.0.0.1:${s.entorno.puertos.pulsarAdmin}/admin/v2/persistent/public/default/${topico}/stats`,
    );
    return r.ok ? ((await r.json()) as { msgInCounter: number }).msgInCounter : 0;
  }

  for (const [app, topico] of [
    ['pagos', TOPICOS.liquidacionesFinalizadas],
    ['pagos', TOPICOS.liquidacionesFallidas],
    ['pagos', TOPICOS.pagosSolicitadosDlq],
    ['liquidacion', TOPICOS.pagosSolicitados],
    ['liquidacion', TOPICOS.liquidacionesDlq],
  ] as const) {
    it(`el daprd de ${app} rechaza publicar en ${topico} (403) y el tópico no recibe nada`, async () => {
      const p = s.entorno.puertos;
      const antes = await entradas(topico);
      const estado = await publicar(app === 'pagos' ? p.pagosDaprHttp : p.liquidacionDaprHttp, topico);
      expect(estado, `${app} -> ${topico}`).to.equal(403);
      expect(await entradas(topico)).to.equal(antes);
    });
  }
});
