// Forged events: what anyone who reaches a port could send. Only daprd may deliver (DESIGN §8b): a
// public API port has no AppCallback at all (UNIMPLEMENTED), and the AppCallback's own listener
// refuses a call without daprd's app token or with a wrong one (UNAUTHENTICATED). That listener is
// loopback: the local target reaches it, a cluster target cannot (it is the pod's localhost).
import * as grpc from '@grpc/grpc-js';
import { daprAppCallback, TIPOS_EVENTO, TOPICOS } from '@alpes/contratos';
import type { Direcciones } from '../objetivos/objetivo';

export interface IntentoForjado {
  /** e.g. "PagoSolicitado -> liquidacion, puerto público, sin token" */
  descripcion: string;
  idPago: string;
  esperado: string;
  obtenido: string;
}

interface Forja {
  servicio: 'pagos' | 'liquidacion';
  topico: string;
  tipo: string;
  datos: (idPago: string) => unknown;
}

// each service's own input, shaped as its publisher would send it, paying the forger
const FORJAS: Forja[] = [
  {
    servicio: 'liquidacion',
    topico: TOPICOS.pagosSolicitados,
    tipo: TIPOS_EVENTO.pagoSolicitado,
    datos: (idPago) => ({
      idPago,
      idInfluencer: 'inf-forjador',
      monto: { moneda: 'COP', unidadesMenores: '999999999' },
      idCorrelacion: `corr-${idPago}`,
      intento: 1,
    }),
  },
  {
    servicio: 'pagos',
    topico: TOPICOS.liquidacionesFinalizadas,
    tipo: TIPOS_EVENTO.liquidacionFinalizada,
    datos: (idPago) => ({
      idPago,
      idLiquidacion: `liq-${idPago}`,
      resultado: 'RESULTADO_LIQUIDACION_PAGADO',
      referenciaPasarela: 'tr-forjada',
      idCorrelacion: `corr-${idPago}`,
      intento: 1,
    }),
  },
];

const PLAZO_MS = 5000;

/** Sends every forgery at every port the target exposes; `idEjecucion` makes the payment ids unique. */
export async function intentarEventosForjados(
  direcciones: Direcciones,
  idEjecucion: string,
): Promise<IntentoForjado[]> {
  const intentos: Promise<IntentoForjado>[] = [];
  for (const f of FORJAS) {
    const base = `forjado-${idEjecucion}-${f.servicio}`;
    intentos.push(
      enviar(f, direcciones[f.servicio], undefined, `${base}-publico`, 'puerto público', 'UNIMPLEMENTED'),
    );
    const callback = direcciones.appCallbacks?.[f.servicio];
    if (!callback) continue;
    intentos.push(
      enviar(f, callback, undefined, `${base}-sin-token`, 'AppCallback, sin token', 'UNAUTHENTICATED'),
      enviar(f, callback, 'token-forjado-0123456789abcdef', `${base}-token-falso`, 'AppCallback, token equivocado', 'UNAUTHENTICATED'), // prettier-ignore
    );
  }
  return Promise.all(intentos);
}

function enviar(
  f: Forja,
  direccion: string,
  token: string | undefined,
  idPago: string,
  donde: string,
  esperado: string,
): Promise<IntentoForjado> {
  const cliente = new daprAppCallback.AppCallbackClient(direccion, grpc.credentials.createInsecure());
  const metadatos = new grpc.Metadata();
  if (token !== undefined) metadatos.set('dapr-api-token', token);
  const peticion = daprAppCallback.TopicEventRequest.fromPartial({
    id: `ev-${idPago}`,
    source: f.servicio === 'liquidacion' ? 'pagos' : 'liquidacion',
    type: f.tipo,
    specVersion: '1.0',
    dataContentType: 'application/json',
    topic: f.topico,
    pubsubName: 'pubsub',
    data: Buffer.from(JSON.stringify(f.datos(idPago))),
  });
  const descripcion = `${f.tipo.split('.').pop()} -> ${f.servicio} (${direccion}), ${donde}`;
  return new Promise((resolve) => {
    cliente.onTopicEvent(peticion, metadatos, { deadline: Date.now() + PLAZO_MS }, (e, r) => {
      cliente.close();
      const obtenido = e ? (grpc.status[e.code] ?? String(e.code)) : `aceptado (estado ${r?.status})`;
      resolve({ descripcion, idPago, esperado, obtenido });
    });
  });
}
