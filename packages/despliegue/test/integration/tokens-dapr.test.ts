import { expect } from 'chai';
import { argumentosTemplate, ejecutarHelm, type ObjetoK8s } from '../../src/chart';
import {
  archivoValoresTemporal,
  env,
  plantillaPod,
  puertoSondas,
  render,
  todos,
  unico,
  type ArchivoValores,
} from '../apoyo';

// Only the sidecar delivers events: daprd calls the AppCallback on its own port (loopback in the
// app, never in the Service) with the app token, and both Dapr tokens come from Secrets.

const SERVICIOS = ['pagos', 'liquidacion'] as const;

interface Puerto {
  port?: number;
  containerPort?: number;
  targetPort?: number | string;
}

function detalles(objetos: ObjetoK8s[], servicio: string) {
  const pod = plantillaPod(unico(objetos, 'Deployment', servicio));
  const contenedor = pod.spec.containers.find((c) => c.name === servicio)!;
  const anotaciones = pod.metadata!.annotations!;
  const puertoCallback = Number(env(contenedor, 'PUERTO_APP_CALLBACK')!.value);
  const service = unico(objetos, 'Service', servicio);
  return { contenedor, anotaciones, puertoCallback, service };
}

describe('chart: tokens de Dapr y el puerto del AppCallback', () => {
  for (const archivo of ['dev', 'prod'] as ArchivoValores[]) {
    for (const servicio of SERVICIOS) {
      it(`${archivo}/${servicio}: daprd llama al AppCallback en su propio puerto, fuera del Service y de containerPorts`, async () => {
        const { contenedor, anotaciones, puertoCallback, service } = detalles(
          await render(archivo),
          servicio,
        );
        expect(anotaciones['dapr.io/app-port']).to.equal(String(puertoCallback));
        const publico = Number(env(contenedor, 'PUERTO_GRPC')!.value);
        expect(puertoCallback).to.not.equal(publico);
        expect((contenedor.ports ?? []).map((p) => p.containerPort)).to.not.include(puertoCallback);
        const puertosService = ((service.spec as { ports: Puerto[] }).ports ?? []).flatMap((p) => [
          p.port,
          p.targetPort,
        ]);
        expect(puertosService).to.not.include(puertoCallback);
        // the probes check the public API's health, not the callback
        expect(contenedor.readinessProbe?.grpc?.port).to.equal(puertoSondas(contenedor));
        expect(puertoSondas(contenedor)).to.not.equal(puertoCallback);
      });

      it(`${archivo}/${servicio}: el sidecar y la app leen los dos tokens de los mismos Secrets`, async () => {
        const { contenedor, anotaciones } = detalles(await render(archivo), servicio);
        const app = anotaciones['dapr.io/app-token-secret'];
        const api = anotaciones['dapr.io/api-token-secret'];
        expect(app).to.be.a('string').and.not.empty;
        expect(api).to.be.a('string').and.not.equal(app);
        expect(env(contenedor, 'APP_API_TOKEN')!.valueFrom?.secretKeyRef).to.deep.equal({
          name: app,
          key: 'token',
        });
        expect(env(contenedor, 'DAPR_API_TOKEN')!.valueFrom?.secretKeyRef).to.deep.equal({
          name: api,
          key: 'token',
        });
      });
    }
  }

  it('en dev el chart crea los dos Secrets con un token aleatorio en la clave que lee el inyector de Dapr', async () => {
    const objetos = await render('dev');
    const { anotaciones } = detalles(objetos, 'pagos');
    const tokens = [anotaciones['dapr.io/app-token-secret']!, anotaciones['dapr.io/api-token-secret']!].map(
      (nombre) => {
        const secreto = unico(objetos, 'Secret', nombre) as ObjetoK8s & { data: Record<string, string> };
        return Buffer.from(secreto.data.token!, 'base64').toString('utf8');
      },
    );
    for (const t of tokens) expect(t).to.match(/^[A-Za-z0-9]{48}$/);
    expect(tokens[0]).to.not.equal(tokens[1]);
    // random per render (helm template has no cluster for lookup to read the existing value from)
    const otra = await ejecutarHelm(argumentosTemplate({ valores: ['dev'] }));
    expect(otra.salida).to.not.contain(Buffer.from(tokens[0]!).toString('base64'));
  });

  it('en prod no crea Secrets de tokens: nombra los que ya existen', async () => {
    const objetos = await render('prod');
    const { anotaciones } = detalles(objetos, 'liquidacion');
    const nombres = todos(objetos, 'Secret').map((s) => s.metadata.name);
    expect(nombres).to.not.include(anotaciones['dapr.io/app-token-secret']);
    expect(nombres).to.not.include(anotaciones['dapr.io/api-token-secret']);
  });

  const rechazos: { que: string; valores: unknown; mensaje: RegExp }[] = [
    {
      que: 'el AppCallback en el puerto público',
      valores: { liquidacion: { puertoAppCallback: 50052 } },
      mensaje: /liquidacion\.puertoAppCallback=50052 coincide con otro puerto del servicio/,
    },
    {
      que: 'un solo Secret para los dos tokens',
      valores: { dapr: { tokens: { secretoApp: 'tokens', secretoApi: 'tokens' } } },
      mensaje: /dapr\.tokens\.secretoApp y dapr\.tokens\.secretoApi nombran el mismo Secret/,
    },
    {
      que: 'un puerto del AppCallback que no es un número',
      valores: { pagos: { puertoAppCallback: 'loopback' } },
      mensaje: /at '\/pagos\/puertoAppCallback': got string, want integer/,
    },
  ];
  for (const caso of rechazos) {
    it(`rechaza ${caso.que}, diciendo por qué`, async () => {
      const r = await ejecutarHelm(
        argumentosTemplate({ valores: ['dev', archivoValoresTemporal(caso.valores)] }),
      );
      expect(r.codigo, `helm aceptó ${JSON.stringify(caso.valores)}`).to.not.equal(0);
      expect(r.errores).to.match(caso.mensaje);
    });
  }
});
