// What KEDA watches to scale liquidacion, read from the rendered chart, so a live check can query
// Pulsar's admin stats of exactly that topic and subscription.
import { NOMBRES, TOPICOS } from '@alpes/contratos';
import { ObjetoK8s, renderizar } from './chart';

export interface SenalEscalado {
  /** persistent://tenant/namespace/topic */
  topic: string;
  /** the Pulsar subscription (Dapr's consumerID for liquidacion) */
  subscription: string;
  adminURL: string;
  /** isPartitionedTopic: KEDA then reads the topic's partitioned-stats. */
  particionado: boolean;
}

/**
 * The admin path KEDA's Pulsar scaler reads (v2.20.2, pkg/scalers/pulsar_scaler.go buildStatsURL):
 * `/admin/v2/persistent/<tenant>/<ns>/<topic>/stats`, or `/partitioned-stats` with isPartitionedTopic;
 * it then takes `subscriptions[<subscription>].msgBacklog` of the answer (getMsgBackLog), which for a
 * partitioned topic the broker has summed over its partitions.
 */
export function rutaEstadisticasKeda(topic: string, particionado: boolean): string {
  const sinEsquema = topic.replace('persistent://', '');
  return `/admin/v2/persistent/${sinEsquema}/${particionado ? 'partitioned-stats' : 'stats'}`;
}

interface Trigger {
  type: string;
  metadata: Record<string, string>;
}

/** The pulsar triggers of the ScaledObject that scales liquidacion's Deployment. */
export function triggersLiquidacion(objetos: ObjetoK8s[]): Trigger[] {
  const escalado = objetos.find(
    (o) =>
      o.kind === 'ScaledObject' &&
      (o.spec as { scaleTargetRef?: { name?: string } })?.scaleTargetRef?.name === NOMBRES.appIds.liquidacion,
  );
  if (!escalado) throw new Error(`el chart no tiene un ScaledObject para ${NOMBRES.appIds.liquidacion}`);
  return ((escalado.spec as { triggers?: Trigger[] }).triggers ?? []).filter((t) => t.type === 'pulsar');
}

/** The trigger on TOPICOS.pagosSolicitados, as {topic, subscription, adminURL, particionado}. */
export function senalDe(objetos: ObjetoK8s[]): SenalEscalado {
  const trigger = triggersLiquidacion(objetos).find((t) =>
    t.metadata.topic?.endsWith(`/${TOPICOS.pagosSolicitados}`),
  );
  if (!trigger)
    throw new Error(`ningún trigger pulsar de liquidacion mira el tópico ${TOPICOS.pagosSolicitados}`);
  const { topic, subscription, adminURL } = trigger.metadata;
  if (!topic || !subscription || !adminURL) {
    throw new Error(`el trigger pulsar de liquidacion está incompleto: ${JSON.stringify(trigger.metadata)}`);
  }
  return { topic, subscription, adminURL, particionado: trigger.metadata.isPartitionedTopic === 'true' };
}

/**
 * Renders the chart (dev values unless told otherwise) and returns the ScaledObject's
 * {topic, subscription, adminURL, particionado} for liquidacion's backlog on pagos-solicitados.
 * Builds helm on first use (see @alpes/entorno's aprovisionarHelm).
 */
export async function senalEscaladoLiquidacion(
  opciones: { valores?: string[]; set?: Record<string, string> } = {},
): Promise<SenalEscalado> {
  return senalDe(await renderizar({ valores: opciones.valores ?? ['dev'], set: opciones.set }));
}
