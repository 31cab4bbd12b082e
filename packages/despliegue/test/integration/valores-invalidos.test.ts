import { expect } from 'chai';
import { argumentosTemplate, ejecutarHelm } from '../../src/chart';
import { archivoValoresTemporal, ArchivoValores } from '../apoyo';

interface Caso {
  que: string;
  base: ArchivoValores;
  valores: unknown;
  /** what helm must say: the offending path and why */
  mensaje: RegExp;
}

// values.schema.json checks each value; templates/validaciones.yaml the rules across values.
const CASOS: Caso[] = [
  {
    que: 'cero réplicas máximas para KEDA',
    base: 'dev',
    valores: { keda: { maxReplicaCount: 0 } },
    mensaje: /at '\/keda\/maxReplicaCount': minimum: got 0, want 1/,
  },
  {
    que: 'un campo mal escrito (minReplicas en vez de minReplicaCount)',
    base: 'dev',
    valores: { keda: { minReplicas: 2 } },
    mensaje: /at '\/keda': additional properties 'minReplicas' not allowed/,
  },
  {
    que: 'un umbral de backlog como texto',
    base: 'dev',
    valores: { keda: { msgBacklogThreshold: '20' } },
    mensaje: /at '\/keda\/msgBacklogThreshold': got string, want integer/,
  },
  {
    que: 'un puerto privilegiado (los contenedores no son root)',
    base: 'dev',
    valores: { pagos: { puertoGrpc: 80 } },
    mensaje: /at '\/pagos\/puertoGrpc': minimum: got 80, want 1,?024/,
  },
  {
    que: 'una imagen con un nombre inválido',
    base: 'dev',
    valores: { liquidacion: { imagen: 'Alpes/Liquidacion:ultima!' } },
    mensaje: /at '\/liquidacion\/imagen': 'Alpes\/Liquidacion:ultima!' does not match pattern/,
  },
  {
    que: 'un nivel de log que el registro no conoce',
    base: 'dev',
    valores: { pagos: { nivelLog: 'verbose' } },
    mensaje: /at '\/pagos\/nivelLog': value must be one of 'debug', 'info', 'warn', 'error'/,
  },
  {
    que: 'reintentos de entrada sin límite (maxRetries -1 es "para siempre" en Dapr)',
    base: 'dev',
    valores: { dapr: { resiliencia: { entrada: { maxRetries: -1 } } } },
    mensaje: /at '\/dapr\/resiliencia\/entrada\/maxRetries': minimum: got -1, want 1/,
  },
  {
    que: 'una duración de Dapr sin unidad',
    base: 'dev',
    valores: { dapr: { resiliencia: { entrada: { maxInterval: '30' } } } },
    mensaje: /at '\/dapr\/resiliencia\/entrada\/maxInterval': '30' does not match pattern/,
  },
  {
    que: 'un muestreo de trazas mayor que 1',
    base: 'prod',
    valores: { dapr: { tracing: { samplingRate: '2' } } },
    mensaje: /at '\/dapr\/tracing\/samplingRate': '2' does not match pattern/,
  },
  {
    que: 'Pulsar externo sin el Secret de su dirección',
    base: 'prod',
    valores: { pulsar: { secretoHost: { nombre: '' } } },
    mensaje: /at '\/pulsar\/secretoHost\/nombre': '' does not match pattern/,
  },
  {
    que: 'Pulsar externo sin la URL de administración que lee KEDA',
    base: 'prod',
    valores: { pulsar: { urlAdmin: '' } },
    mensaje: /at '\/pulsar\/urlAdmin': '' does not match pattern/,
  },
  {
    que: 'más réplicas mínimas que máximas en KEDA',
    base: 'dev',
    valores: { keda: { minReplicaCount: 5, maxReplicaCount: 2 } },
    mensaje: /keda\.minReplicaCount \(5\) es mayor que keda\.maxReplicaCount \(2\)/,
  },
  {
    que: 'KEDA y un HPA propio a la vez sobre liquidacion',
    base: 'prod',
    valores: { liquidacion: { hpa: { habilitado: true } } },
    mensaje: /keda\.habilitado y liquidacion\.hpa\.habilitado no pueden ir juntos/,
  },
  {
    que: 'migrar antes de instalar con el Postgres de desarrollo, que aún no existe',
    base: 'dev',
    valores: { migracion: { hook: 'pre-install,pre-upgrade' } },
    mensaje: /migracion\.hook no puede ser pre-install\/pre-upgrade con baseDatos\.enCluster/,
  },
  {
    que: 'la pasarela simulada apagada mientras liquidacion aún la llama',
    base: 'dev',
    valores: { pasarelaSimulada: { habilitada: false } },
    mensaje: /liquidacion\.urlPasarela apunta a la pasarela simulada, que está deshabilitada/,
  },
  {
    que: 'Pulsar externo sin TLS (token y pagos en claro)',
    base: 'prod',
    valores: { pulsar: { enableTLS: false } },
    mensaje: /pulsar\.enableTLS=false con un Pulsar externo/,
  },
  {
    que: 'Pulsar externo sin token',
    base: 'prod',
    valores: { pulsar: { token: { secreto: '' } } },
    mensaje: /pulsar\.token\.secreto vacío con un Pulsar externo/,
  },
  {
    que: 'la API de administración de Pulsar por http (KEDA mandaría el token en claro)',
    base: 'prod',
    valores: { pulsar: { urlAdmin: 'http://pulsar-broker.pulsar:8080' } },
    mensaje: /pulsar\.urlAdmin="http:\/\/pulsar-broker\.pulsar:8080" no es https/,
  },
  {
    que: 'NetworkPolicy activa sin las direcciones del Postgres externo',
    base: 'prod',
    valores: { networkPolicy: { egreso: { baseDatos: { destinos: [] } } } },
    mensaje: /networkPolicy\.egreso\.baseDatos\.destinos está vacío/,
  },
  {
    que: 'NetworkPolicy activa sin las direcciones de la pasarela real',
    base: 'prod',
    valores: { networkPolicy: { egreso: { pasarela: { destinos: [] } } } },
    mensaje: /networkPolicy\.egreso\.pasarela\.destinos está vacío/,
  },
];

describe('values.schema.json y las validaciones del chart rechazan valores inválidos', () => {
  for (const caso of CASOS) {
    it(`rechaza ${caso.que}, diciendo qué valor y por qué`, async () => {
      const archivo = archivoValoresTemporal(caso.valores);
      const r = await ejecutarHelm(argumentosTemplate({ valores: [caso.base, archivo] }));
      expect(r.codigo, `helm aceptó ${JSON.stringify(caso.valores)}`).to.not.equal(0);
      expect(r.errores).to.match(caso.mensaje);
    });
  }

  it('acepta los mismos archivos sin esas modificaciones (los rechazos se deben a ellas)', async () => {
    for (const base of ['dev', 'prod'] as const) {
      const r = await ejecutarHelm(argumentosTemplate({ valores: [base, archivoValoresTemporal({})] }));
      expect(r.codigo, r.errores).to.equal(0);
    }
  });
});
