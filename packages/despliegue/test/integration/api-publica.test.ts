// The public gRPC APIs in the chart (DESIGN §8b): bearer tokens against a JWKS, TLS from a Secret and
// reflection, as dev and prod values set them; and the values the chart refuses.
import { NOMBRES } from '@alpes/contratos';
import { expect } from 'chai';
import { argumentosTemplate, ejecutarHelm, type ObjetoK8s } from '../../src/chart';
import { archivoValoresTemporal, env, plantillaPod, render, unico, type ArchivoValores } from '../apoyo';

const SERVICIOS = [NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion];

interface Volumen {
  name: string;
  configMap?: { name: string };
  secret?: { secretName: string };
}
type Pod = ReturnType<typeof plantillaPod> & {
  spec: { volumes?: Volumen[]; containers: { volumeMounts?: { name: string; mountPath: string }[] }[] };
};

function pod(objetos: ObjetoK8s[], servicio: string): Pod {
  return plantillaPod(unico(objetos, 'Deployment', servicio)) as Pod;
}

describe('API pública de los servicios en el chart (credenciales, TLS, reflexión)', () => {
  it('dev: tokens contra el JWKS del ConfigMap de desarrollo, texto plano, reflexión activa', async () => {
    const objetos = await render('dev');
    for (const servicio of SERVICIOS) {
      const p = pod(objetos, servicio);
      const c = p.spec.containers[0]!;
      expect(env(c, 'JWKS_TOKENS')?.value, servicio).to.equal('/etc/alpes/jwks/jwks.json');
      expect(env(c, 'EMISOR_TOKENS')?.value).to.equal('alpes-local');
      expect(env(c, 'AUDIENCIA_TOKENS')?.value).to.equal('alpes-pagos');
      expect(env(c, 'AUTENTICACION_DESACTIVADA')).to.be.undefined;
      expect(env(c, 'CERTIFICADO_TLS')).to.be.undefined;
      expect(env(c, 'REFLEXION_GRPC')?.value).to.equal('true');
      expect(p.spec.volumes).to.deep.include({ name: 'jwks', configMap: { name: 'alpes-jwks-dev' } });
      expect(c.volumeMounts).to.deep.include({ name: 'jwks', mountPath: '/etc/alpes/jwks', readOnly: true });
      const puertoGrpc = c.ports!.find((x) => x.name === 'grpc')!.containerPort;
      expect(c.readinessProbe?.grpc?.port).to.equal(puertoGrpc);
    }
  });

  it('prod: JWKS del proveedor por https, TLS del Secret, sin reflexión; las sondas van al health en claro', async () => {
    const objetos = await render('prod');
    for (const servicio of SERVICIOS) {
      const p = pod(objetos, servicio);
      const c = p.spec.containers[0]!;
      expect(env(c, 'JWKS_TOKENS')?.value, servicio).to.match(/^https:\/\//);
      expect(env(c, 'EMISOR_TOKENS')?.value).to.match(/^https:\/\//);
      expect(env(c, 'AUDIENCIA_TOKENS')?.value).to.equal('alpes-pagos');
      expect(env(c, 'AUTENTICACION_DESACTIVADA')).to.be.undefined;
      expect(env(c, 'REFLEXION_GRPC')?.value).to.equal('false');
      expect(env(c, 'CERTIFICADO_TLS')?.value).to.equal('/etc/alpes/tls/tls.crt');
      expect(env(c, 'CLAVE_TLS')?.value).to.equal('/etc/alpes/tls/tls.key');
      expect(p.spec.volumes).to.deep.include({ name: 'tls', secret: { secretName: 'alpes-api-tls' } });
      expect(p.spec.volumes?.some((v) => v.name === 'jwks')).to.equal(false);
      const salud = Number(env(c, 'PUERTO_SALUD_PLANO')?.value);
      expect(salud).to.be.greaterThan(1023);
      for (const sonda of [c.startupProbe, c.readinessProbe, c.livenessProbe])
        expect(sonda?.grpc?.port).to.equal(salud);
    }
  });

  const CASOS: { que: string; base: ArchivoValores; valores: unknown; mensaje: RegExp }[] = [
    {
      que: 'la API abierta fuera de desarrollo',
      base: 'prod',
      valores: { api: { autenticacion: { habilitada: false } } },
      mensaje: /api\.autenticacion\.habilitada=false fuera de desarrollo/,
    },
    {
      que: 'la API sin TLS fuera de desarrollo (tokens en claro)',
      base: 'prod',
      valores: { api: { tls: { secreto: '' } } },
      mensaje: /api\.tls\.secreto vacío fuera de desarrollo/,
    },
    {
      que: 'un JWKS por http',
      base: 'prod',
      valores: { api: { autenticacion: { jwksUrl: 'http://idp.example.com/jwks' } } },
      mensaje: /at '\/api\/autenticacion\/jwksUrl'/,
    },
    {
      que: 'dos orígenes de JWKS a la vez',
      base: 'dev',
      valores: { api: { autenticacion: { jwksUrl: 'https://idp.example.com/jwks' } } },
      mensaje: /indica exactamente uno de jwksUrl/,
    },
    {
      que: 'autenticación sin JWKS',
      base: 'dev',
      valores: { api: { autenticacion: { jwksConfigMap: '' } } },
      mensaje: /indica exactamente uno de jwksUrl/,
    },
    {
      que: 'autenticación sin emisor',
      base: 'dev',
      valores: { api: { autenticacion: { emisor: '' } } },
      mensaje: /api\.autenticacion\.emisor vacío/,
    },
    {
      que: 'un algoritmo simétrico o none',
      base: 'prod',
      valores: { api: { autenticacion: { algoritmos: ['HS256'] } } },
      mensaje: /at '\/api\/autenticacion\/algoritmos\/0'/,
    },
  ];
  for (const caso of CASOS) {
    it(`rechaza ${caso.que}`, async () => {
      const r = await ejecutarHelm(
        argumentosTemplate({ valores: [caso.base, archivoValoresTemporal(caso.valores)] }),
      );
      expect(r.codigo, `helm aceptó ${JSON.stringify(caso.valores)}`).to.not.equal(0);
      expect(r.errores).to.match(caso.mensaje);
    });
  }
});
