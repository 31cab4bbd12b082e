{{- /*
Postgres bounds shared by pagos and liquidacion (charts/README.md, "Conexiones a Postgres").

alpes.baseDatos.replicasMaximas (dict "raiz" . "servicio" "pagos"|"liquidacion"): the most replicas
the service can reach: KEDA's maxReplicaCount (liquidacion), else its HPA's maxReplicas, else replicas.
*/ -}}
{{- define "alpes.baseDatos.replicasMaximas" -}}
{{- $v := index .raiz.Values .servicio -}}
{{- if and (eq .servicio "liquidacion") .raiz.Values.keda.habilitado -}}
{{- .raiz.Values.keda.maxReplicaCount -}}
{{- else if $v.hpa.habilitado -}}
{{- $v.hpa.maxReplicas -}}
{{- else -}}
{{- $v.replicas -}}
{{- end -}}
{{- end -}}

{{- /*
alpes.baseDatos.env (dict "raiz" . "servicio" ...): env entries (YAML list) with the service's pool size
(MAXIMO_CONEXIONES_BASE_DATOS, one name for both services), its session timeouts and the inbox retention.
*/ -}}
{{- define "alpes.baseDatos.env" -}}
{{- $b := .raiz.Values.baseDatos -}}
- name: MAXIMO_CONEXIONES_BASE_DATOS
  value: {{ index $b.poolPorReplica .servicio | quote }}
- name: TIEMPO_MAXIMO_SENTENCIA_MS
  value: {{ $b.tiempoMaximoSentenciaMs | quote }}
- name: TIEMPO_MAXIMO_INACTIVO_EN_TRANSACCION_MS
  value: {{ $b.tiempoMaximoInactivoEnTransaccionMs | quote }}
- name: RETENCION_INBOX_HORAS
  value: {{ $b.retencionInboxHoras | quote }}
- name: INTERVALO_PURGA_INBOX_MINUTOS
  value: {{ $b.intervaloPurgaInboxMinutos | quote }}
{{- end -}}
