import { NOMBRES } from '@alpes/contratos';
import { expect } from 'chai';
import { argumentosTemplate, ejecutarHelm, type ObjetoK8s } from '../../src/chart';
import { rutaCrds } from '../../src/raiz';
import { ValidadorCrds, validarObjeto } from '../../src/validacion';
import { archivoValoresTemporal, plantillaPod, render, renderCon, unico } from '../apoyo';

// pulsar.ca: an external Pulsar whose certificate a private CA signed. Dapr's pulsar component only
// knows enableTLS (Go's system roots) and KEDA's scaler takes the CA as an auth parameter, so the
// chart mounts the CA into daprd (SSL_CERT_DIR) and hands it to the TriggerAuthentication.

const SERVICIOS = [NOMBRES.appIds.pagos, NOMBRES.appIds.liquidacion];
const DIR_CA = '/etc/alpes/pulsar-ca';

interface Volumen {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  configMap?: { name: string; items?: { key: string; path: string }[] };
}
type AutenticacionKeda = ObjetoK8s & {
  spec: {
    secretTargetRef?: { parameter: string; name: string; key: string }[];
    configMapTargetRef?: { parameter: string; name: string; key: string }[];
  };
};

const volumenes = (o: ObjetoK8s) => (plantillaPod(o).spec as { volumes?: Volumen[] }).volumes ?? [];
const anotaciones = (o: ObjetoK8s) => plantillaPod(o).metadata!.annotations!;

function conCa(ca: Record<string, string>): Promise<ObjetoK8s[]> {
  return renderCon({ valores: ['prod', archivoValoresTemporal({ pulsar: { ca } })] });
}

describe('CA privada del Pulsar externo (pulsar.ca)', () => {
  it('sin CA (valores-prod): ni volumen ni variables para daprd, KEDA sin parámetro ca', async () => {
    const objetos = await render('prod');
    for (const s of SERVICIOS) {
      const d = unico(objetos, 'Deployment', s);
      expect(anotaciones(d)).to.not.have.any.keys('dapr.io/volume-mounts', 'dapr.io/env');
      expect(volumenes(d).map((v) => v.name)).to.not.include('pulsar-ca');
    }
    const ta = unico(objetos, 'TriggerAuthentication') as AutenticacionKeda;
    expect(ta.spec.secretTargetRef!.map((r) => r.parameter)).to.deep.equal(['bearerToken']);
    expect(ta.spec.configMapTargetRef).to.be.undefined;
  });

  describe('desde un Secret', () => {
    let objetos: ObjetoK8s[];
    before(async () => {
      objetos = await conCa({ secreto: 'pki-interna', clave: 'raiz.pem' });
    });

    it('cada daprd monta solo la clave de la CA y la añade a sus raíces con SSL_CERT_DIR', () => {
      for (const s of SERVICIOS) {
        const d = unico(objetos, 'Deployment', s);
        expect(anotaciones(d)['dapr.io/volume-mounts'], s).to.equal(`pulsar-ca:${DIR_CA}`);
        expect(anotaciones(d)['dapr.io/env'], s).to.equal(`SSL_CERT_DIR=${DIR_CA}`);
        const volumen = volumenes(d).find((v) => v.name === 'pulsar-ca');
        expect(volumen, s).to.deep.equal({
          name: 'pulsar-ca',
          secret: { secretName: 'pki-interna', items: [{ key: 'raiz.pem', path: 'ca.crt' }] },
        });
        // daprd talks to Pulsar, the app does not: its container does not mount the CA
        const montajes = (plantillaPod(d).spec.containers[0] as { volumeMounts?: { name: string }[] })
          .volumeMounts!;
        expect(montajes.map((m) => m.name)).to.not.include('pulsar-ca');
      }
    });

    it('KEDA verifica la API de administración contra esa CA, con el token', () => {
      const ta = unico(objetos, 'TriggerAuthentication') as AutenticacionKeda;
      expect(ta.spec.secretTargetRef).to.deep.equal([
        { parameter: 'bearerToken', name: 'alpes-pulsar', key: 'token' },
        { parameter: 'ca', name: 'pki-interna', key: 'raiz.pem' },
      ]);
      // KEDA 2.20 applies `ca` only with an auth mode set on the trigger
      const triggers = (
        unico(objetos, 'ScaledObject').spec as {
          triggers: { metadata: Record<string, string>; authenticationRef?: { name: string } }[];
        }
      ).triggers;
      for (const t of triggers) {
        expect(t.metadata.authModes).to.equal('bearer');
        expect(t.metadata).to.not.have.property('unsafeSsl');
        expect(t.authenticationRef?.name).to.equal(ta.metadata.name);
      }
    });

    it('los objetos cumplen sus esquemas (Kubernetes y el CRD de KEDA)', () => {
      const crds = new ValidadorCrds(rutaCrds());
      for (const o of objetos) validarObjeto(o, crds);
    });
  });

  it('desde un ConfigMap: volumen configMap y configMapTargetRef de KEDA', async () => {
    const objetos = await conCa({ configMap: 'pki-interna', clave: 'ca.crt' });
    for (const s of SERVICIOS) {
      expect(volumenes(unico(objetos, 'Deployment', s)).find((v) => v.name === 'pulsar-ca')).to.deep.equal({
        name: 'pulsar-ca',
        configMap: { name: 'pki-interna', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
      });
    }
    const ta = unico(objetos, 'TriggerAuthentication') as AutenticacionKeda;
    expect(ta.spec.configMapTargetRef).to.deep.equal([
      { parameter: 'ca', name: 'pki-interna', key: 'ca.crt' },
    ]);
    expect(ta.spec.secretTargetRef!.map((r) => r.parameter)).to.deep.equal(['bearerToken']);
    const crds = new ValidadorCrds(rutaCrds());
    for (const o of objetos) validarObjeto(o, crds);
  });

  const rechazos = [
    {
      que: 'un Secret y un ConfigMap a la vez',
      base: 'prod',
      ca: { secreto: 'a', configMap: 'b' },
      mensaje: /pulsar\.ca: indica secreto \("a"\) o configMap \("b"\), no ambos/,
    },
    {
      que: 'una CA para el Pulsar de desarrollo, que habla en claro',
      base: 'dev',
      ca: { secreto: 'a' },
      mensaje: /pulsar\.ca con pulsar\.enCluster=true/,
    },
    {
      que: 'un nombre de Secret inválido',
      base: 'prod',
      ca: { secreto: 'PKI_Interna' },
      mensaje: /at '\/pulsar\/ca\/secreto': 'PKI_Interna' does not match pattern/,
    },
  ];
  for (const r of rechazos) {
    it(`rechaza ${r.que}`, async () => {
      const resultado = await ejecutarHelm(
        argumentosTemplate({ valores: [r.base, archivoValoresTemporal({ pulsar: { ca: r.ca } })] }),
      );
      expect(resultado.codigo).to.not.equal(0);
      expect(resultado.errores).to.match(r.mensaje);
    });
  }
});
