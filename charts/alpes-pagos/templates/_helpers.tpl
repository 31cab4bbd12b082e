{{/*
Names shared by code and chart (app ids, pub/sub component, topics) are not values: they come
from topicos.json, a copy of packages/contratos/topicos.json kept identical by a CI test.
*/}}
{{- define "alpes.nombres" -}}
{{- $n := .Files.Get "topicos.json" | fromJson -}}
{{- if not (and (hasKey $n "appIds") (hasKey $n "topicos") (hasKey $n "componentePubsub")) -}}
{{- fail "charts/alpes-pagos/topicos.json falta o está incompleto: cópialo de packages/contratos/topicos.json (npm run sincronizar -w @alpes/despliegue)" -}}
{{- end -}}
{{- toJson $n -}}
{{- end -}}

{{- define "alpes.etiquetasComunes" -}}
app.kubernetes.io/part-of: alpes-pagos
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Labels of one component; argument: dict "raiz" $ "nombre" <name> */}}
{{- define "alpes.etiquetas" -}}
{{ include "alpes.etiquetasComunes" .raiz }}
app.kubernetes.io/name: {{ .nombre }}
app.kubernetes.io/version: {{ .raiz.Chart.AppVersion | quote }}
{{- end -}}

{{- define "alpes.selector" -}}
app.kubernetes.io/instance: {{ .raiz.Release.Name }}
app.kubernetes.io/name: {{ .nombre }}
{{- end -}}

{{/* In-cluster DNS names: KEDA's operator lives in another namespace, so addresses are fully qualified. */}}
{{- define "alpes.dns" -}}
{{- printf "%s.%s.svc.cluster.local" .nombre .raiz.Release.Namespace -}}
{{- end -}}

{{- define "alpes.urlAdminPulsar" -}}
{{- if .Values.pulsar.enCluster -}}
{{- printf "http://%s:8080" (include "alpes.dns" (dict "raiz" . "nombre" "pulsar")) -}}
{{- else -}}
{{- .Values.pulsar.urlAdmin -}}
{{- end -}}
{{- end -}}

{{- define "alpes.nombreSecretoBaseDatos" -}}
{{- .Values.baseDatos.secreto.nombre -}}
{{- end -}}

{{/* Pod and container security: non-root (distroless "nonroot" uid), read-only root, no capabilities. */}}
{{- define "alpes.seguridadPod" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "alpes.seguridadContenedor" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{- define "alpes.imagen" -}}
image: {{ .imagen | quote }}
imagePullPolicy: {{ .raiz.Values.politicaDescargaImagenes }}
{{- end -}}
