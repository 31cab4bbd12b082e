import { NOMBRES } from '@alpes/contratos';
import { expect } from 'chai';
import type { ObjetoK8s } from '../../src/chart';
import { ARCHIVOS_VALORES, render, todos, unico } from '../apoyo';

// The chart's side of the trust boundaries (SECURITY.md): Dapr lets each app publish and
// subscribe only its own topics and invoke nothing, and every pod's egress is narrowed.

type Metadato = { name: string; value?: string };
type Peer = Record<string, unknown>;
interface ReglaSalida {
  to?: Peer[];
  ports?: { port: number; protocol: string }[];
}
type PoliticaSalida = ObjetoK8s & {
  spec: {
    podSelector: { matchLabels?: Record<string, string> };
    policyTypes: string[];
    egress: ReglaSalida[];
  };
};

/** "a=x,y;b=z" -> { a: [x, y], b: [z] } */
function alcances(valor: string): Record<string, string[]> {
  return Object.fromEntries(
    valor.split(';').map((par) => [par.split('=')[0]!, par.split('=')[1]!.split(',')]),
  );
}

function salidaDe(objetos: ObjetoK8s[], appId: string): PoliticaSalida {
  const politicas = (todos(objetos, 'NetworkPolicy') as PoliticaSalida[]).filter(
    (p) =>
      p.spec.policyTypes.includes('Egress') &&
      p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === appId,
  );
  expect(politicas, `una política de salida para ${appId}`).to.have.length(1);
  return politicas[0]!;
}

const puertosDe = (r: ReglaSalida) => (r.ports ?? []).map((p) => p.port);

for (const archivo of ARCHIVOS_VALORES) {
  describe(`fronteras de confianza en el chart (valores-${archivo}.yaml)`, () => {
    let objetos: ObjetoK8s[];
    before(async () => {
      objetos = await render(archivo);
    });

    it('el componente pubsub deja a cada app publicar y suscribirse solo a sus tópicos (topicos.json "alcances")', () => {
      const metadatos = (
        unico(objetos, 'Component', NOMBRES.componentePubsub).spec as { metadata: Metadato[] }
      ).metadata;
      const valor = (n: string) => metadatos.find((m) => m.name === n)?.value;
      const publica = alcances(valor('publishingScopes')!);
      const suscribe = alcances(valor('subscriptionScopes')!);
      for (const [app, a] of Object.entries(NOMBRES.alcances)) {
        const id = NOMBRES.appIds[app as keyof typeof NOMBRES.appIds];
        expect(publica[id], `${id} publica`).to.have.members(a.publica);
        expect(suscribe[id], `${id} se suscribe`).to.have.members(a.suscribe);
      }
      // pagos cannot announce a settlement, liquidacion cannot request a payment
      expect(publica[NOMBRES.appIds.pagos]).to.not.include(NOMBRES.topicos.liquidacionesFinalizadas);
      expect(publica[NOMBRES.appIds.liquidacion]).to.not.include(NOMBRES.topicos.pagosSolicitados);
      expect(valor('allowedTopics')!.split(',')).to.have.members(Object.values(NOMBRES.topicos));
    });

    it('Dapr deniega toda invocación de servicio (solo se usa pub/sub)', () => {
      const config = todos(objetos, 'Configuration')[0]!.spec as {
        accessControl?: { defaultAction: string };
      };
      expect(config.accessControl?.defaultAction).to.equal('deny');
    });

    it('la salida de cada pod va solo a DNS, al plano de control de Dapr, a la API de Kubernetes, a Postgres, a Pulsar y (liquidacion) a la pasarela', () => {
      const pagos = salidaDe(objetos, NOMBRES.appIds.pagos).spec.egress;
      const liquidacion = salidaDe(objetos, NOMBRES.appIds.liquidacion).spec.egress;
      for (const reglas of [pagos, liquidacion]) {
        // a rule without `to` would admit every destination
        for (const r of reglas)
          expect(r.to, 'toda regla nombra su destino').to.be.an('array').that.is.not.empty;
        expect(reglas.some((r) => puertosDe(r).includes(53))).to.equal(true);
        expect(reglas.some((r) => puertosDe(r).includes(5432))).to.equal(true);
        expect(reglas.some((r) => puertosDe(r).includes(6650))).to.equal(true);
      }
      // the PSP: the stand-in's pods in dev, the addresses in the values in prod
      const aPasarela = (r: ReglaSalida) =>
        archivo === 'dev'
          ? JSON.stringify(r.to).includes('pasarela-simulada')
          : JSON.stringify(r.to).includes('203.0.113.0/24');
      expect(liquidacion.some(aPasarela), 'liquidacion llega a la pasarela').to.equal(true);
      expect(pagos.some(aPasarela), 'pagos no llama a la pasarela').to.equal(false);
    });

    it('ningún Service publica el puerto de callback de Dapr', () => {
      for (const appId of [NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion]) {
        const servicio = unico(objetos, 'Service', appId).spec as {
          ports: { port: number; name?: string }[];
        };
        const anotaciones = (
          unico(objetos, 'Deployment', appId).spec as {
            template: { metadata: { annotations: Record<string, string> } };
          }
        ).template.metadata.annotations;
        const callback = Number(anotaciones['dapr.io/app-port']);
        expect(
          servicio.ports.map((p) => p.port),
          `${appId}: Service sin el puerto ${callback}`,
        ).to.not.include(callback);
      }
    });
  });
}
