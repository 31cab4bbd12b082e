{{/*
One of our gRPC services beside its Dapr sidecar: ServiceAccount, Deployment and Service.
Argument: dict
  "raiz"          the root context ($)
  "servicio"      the service's key in values and in the repo (pagos | liquidacion)
  "appId"         Dapr app id (from topicos.json): also the name of every object
  "valores"       the service's values (.Values.pagos / .Values.liquidacion)
  "sinReplicas"   true when an autoscaler (KEDA or HPA) owns spec.replicas
  "sinHpa"        true when KEDA scales it: then no HPA of our own may fight KEDA's
  "envExtra"      extra env entries (list of dicts)
*/}}
{{- define "alpes.servicio" -}}
{{- $raiz := .raiz -}}
{{- $v := .valores -}}
{{- $etiquetas := dict "raiz" $raiz "nombre" .appId -}}
{{- /* compared as text: a --set port is an int, a values-file one a float */ -}}
{{- if has (toString $v.puertoAppCallback) (list (toString $v.puertoGrpc) (toString $v.puertoMetricas)) }}
{{- fail (printf "%s.puertoAppCallback=%v coincide con otro puerto del servicio: el AppCallback necesita su propio puerto, solo en loopback." .servicio $v.puertoAppCallback) }}
{{- end -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .appId }}
  labels:
    {{- include "alpes.etiquetas" $etiquetas | nindent 4 }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .appId }}
  labels:
    {{- include "alpes.etiquetas" $etiquetas | nindent 4 }}
spec:
  {{- if not .sinReplicas }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "alpes.selector" $etiquetas | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "alpes.etiquetas" $etiquetas | nindent 8 }}
      annotations:
        dapr.io/enabled: "true"
        dapr.io/app-id: {{ .appId | quote }}
        # daprd calls the AppCallback on its own loopback port, never the public API port
        dapr.io/app-port: {{ $v.puertoAppCallback | quote }}
        dapr.io/app-protocol: grpc
        dapr.io/app-token-secret: {{ $raiz.Values.dapr.tokens.secretoApp | quote }}
        dapr.io/api-token-secret: {{ $raiz.Values.dapr.tokens.secretoApi | quote }}
        dapr.io/config: {{ $raiz.Values.dapr.configuracion | quote }}
        dapr.io/enable-metrics: "true"
        dapr.io/metrics-port: {{ $raiz.Values.dapr.puertoMetricas | quote }}
        dapr.io/log-level: {{ $raiz.Values.dapr.nivelLog | quote }}
        dapr.io/log-as-json: "true"
        # while the app fails its health check (AppCallbackHealthCheck) daprd pauses delivery
        dapr.io/enable-app-health-check: "true"
        dapr.io/app-health-probe-interval: "1"
        dapr.io/app-health-threshold: "2"
        dapr.io/graceful-shutdown-seconds: {{ $raiz.Values.dapr.segundosApagado | quote }}
        dapr.io/sidecar-cpu-request: {{ $raiz.Values.dapr.sidecar.cpuRequest | quote }}
        dapr.io/sidecar-memory-request: {{ $raiz.Values.dapr.sidecar.memoryRequest | quote }}
        dapr.io/sidecar-memory-limit: {{ $raiz.Values.dapr.sidecar.memoryLimit | quote }}
        {{- include "alpes.caPulsar.anotaciones" $raiz | nindent 8 }}
    spec:
      serviceAccountName: {{ .appId }}
      securityContext:
        {{- include "alpes.seguridadPod" . | nindent 8 }}
      # longer than Dapr's graceful shutdown, so in-flight events are answered before the kill
      terminationGracePeriodSeconds: {{ add $raiz.Values.dapr.segundosApagado 10 }}
      {{- with $v.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ .appId }}
          {{- include "alpes.imagen" (dict "raiz" $raiz "imagen" $v.imagen) | nindent 10 }}
          ports:
            - name: grpc
              containerPort: {{ $v.puertoGrpc }}
            - name: metricas
              containerPort: {{ $v.puertoMetricas }}
          env:
            # the API and metrics on the pod's address (the code defaults to 127.0.0.1)
            - name: HOST_ESCUCHA
              value: "0.0.0.0"
            - name: PUERTO_GRPC
              value: {{ $v.puertoGrpc | quote }}
            - name: PUERTO_METRICAS
              value: {{ $v.puertoMetricas | quote }}
            # loopback only and not among the ports above: nothing outside the pod can reach it
            - name: PUERTO_APP_CALLBACK
              value: {{ $v.puertoAppCallback | quote }}
            # the same Secrets the sidecar reads (dapr.io/app-token-secret, dapr.io/api-token-secret)
            - name: APP_API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ $raiz.Values.dapr.tokens.secretoApp }}
                  key: token
            - name: DAPR_API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ $raiz.Values.dapr.tokens.secretoApi }}
                  key: token
            - name: NIVEL_LOG
              value: {{ $v.nivelLog | quote }}
            {{- with $raiz.Values.trazas.endpointOtlp }}
            # the app's own spans over OTLP/HTTP (README: Tracing); without an endpoint it makes none
            - name: OTEL_EXPORTER_OTLP_ENDPOINT
              value: {{ . | quote }}
            - name: OTEL_TRACES_SAMPLER
              value: parentbased_traceidratio
            - name: OTEL_TRACES_SAMPLER_ARG
              value: {{ $raiz.Values.trazas.muestreo | quote }}
            {{- end }}
            # the migration Job migrates; without it (or when asked) the service migrates at start
            {{- $migraAlIniciar := or (not $raiz.Values.migracion.habilitada) $raiz.Values.migracion.alIniciar }}
            - name: MIGRAR_AL_INICIAR
              value: {{ $migraAlIniciar | quote }}
            # the service role: rows only, no DDL
            - name: URL_BASE_DATOS
              valueFrom:
                secretKeyRef:
                  name: {{ include "alpes.nombreSecretoBaseDatos" $raiz }}
                  key: {{ index $raiz.Values.baseDatos.secreto.claves .servicio }}
            {{- if $migraAlIniciar }}
            # the migration role, only because this pod migrates at start (never with the Job alone)
            - name: URL_BASE_DATOS_MIGRACION
              valueFrom:
                secretKeyRef:
                  name: {{ include "alpes.nombreSecretoBaseDatos" $raiz }}
                  key: {{ index $raiz.Values.baseDatos.secreto.clavesMigracion .servicio }}
            {{- end }}
            {{- with .envExtra }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
            {{- include "alpes.api.env" $raiz | nindent 12 }}
          # grpc.health.v1.Health on the service's own gRPC port (DESIGN §5), or its plaintext twin with TLS
          startupProbe:
            grpc:
              port: {{ include "alpes.api.puertoSondas" (dict "raiz" $raiz "valores" $v) }}
            periodSeconds: 2
            failureThreshold: 60
          readinessProbe:
            grpc:
              port: {{ include "alpes.api.puertoSondas" (dict "raiz" $raiz "valores" $v) }}
            periodSeconds: 5
            failureThreshold: 3
          livenessProbe:
            grpc:
              port: {{ include "alpes.api.puertoSondas" (dict "raiz" $raiz "valores" $v) }}
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          resources:
            {{- toYaml $v.recursos | nindent 12 }}
          securityContext:
            {{- include "alpes.seguridadContenedor" . | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- include "alpes.api.volumeMounts" $raiz | nindent 12 }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- include "alpes.api.volumes" $raiz | nindent 8 }}
        {{- include "alpes.caPulsar.volumen" $raiz | nindent 8 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .appId }}
  labels:
    {{- include "alpes.etiquetas" $etiquetas | nindent 4 }}
spec:
  selector:
    {{- include "alpes.selector" $etiquetas | nindent 4 }}
  ports:
    - name: grpc
      port: {{ $v.puertoGrpc }}
      targetPort: grpc
      appProtocol: grpc
    - name: metricas
      port: {{ $v.puertoMetricas }}
      targetPort: metricas
{{- if $raiz.Values.pdb.habilitado }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .appId }}
  labels:
    {{- include "alpes.etiquetas" $etiquetas | nindent 4 }}
spec:
  maxUnavailable: {{ $raiz.Values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "alpes.selector" $etiquetas | nindent 6 }}
{{- end }}
{{- if and $v.hpa.habilitado (not .sinHpa) }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ .appId }}
  labels:
    {{- include "alpes.etiquetas" $etiquetas | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ .appId }}
  minReplicas: {{ $v.hpa.minReplicas }}
  maxReplicas: {{ $v.hpa.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $v.hpa.cpuObjetivo }}
{{- end }}
{{- end -}}
