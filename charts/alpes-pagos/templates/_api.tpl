{{/*
The public gRPC API of a service (DESIGN §8b): bearer tokens verified against a JWKS (an https URL,
or a ConfigMap/Secret mounted in the pod), TLS from a Secret with tls.crt/tls.key (cert-manager's
kind), server reflection. Used by alpes.servicio; argument: the root context ($).
*/}}
{{- define "alpes.api.env" -}}
{{- $a := .Values.api -}}
{{- if $a.autenticacion.habilitada }}
- name: JWKS_TOKENS
  value: {{ ternary $a.autenticacion.jwksUrl (printf "/etc/alpes/jwks/%s" $a.autenticacion.jwksClave) (ne $a.autenticacion.jwksUrl "") | quote }}
- name: EMISOR_TOKENS
  value: {{ $a.autenticacion.emisor | quote }}
- name: AUDIENCIA_TOKENS
  value: {{ $a.autenticacion.audiencia | quote }}
- name: ALGORITMOS_TOKENS
  value: {{ join "," $a.autenticacion.algoritmos | quote }}
{{- else }}
- name: AUTENTICACION_DESACTIVADA
  value: "true"
{{- end }}
{{- if $a.tls.secreto }}
- name: CERTIFICADO_TLS
  value: /etc/alpes/tls/tls.crt
- name: CLAVE_TLS
  value: /etc/alpes/tls/tls.key
# the kubelet's gRPC probes speak no TLS: health alone, in plaintext, on its own port
- name: PUERTO_SALUD_PLANO
  value: {{ $a.tls.puertoSalud | quote }}
{{- end }}
- name: REFLEXION_GRPC
  value: {{ $a.reflexion | quote }}
{{- end -}}

{{- define "alpes.api.volumeMounts" -}}
{{- $a := .Values.api -}}
{{- if and $a.autenticacion.habilitada (not $a.autenticacion.jwksUrl) }}
- name: jwks
  mountPath: /etc/alpes/jwks
  readOnly: true
{{- end }}
{{- if $a.tls.secreto }}
- name: tls
  mountPath: /etc/alpes/tls
  readOnly: true
{{- end }}
{{- end -}}

{{- define "alpes.api.volumes" -}}
{{- $a := .Values.api.autenticacion -}}
{{- if and $a.habilitada (not $a.jwksUrl) }}
- name: jwks
  {{- if $a.jwksConfigMap }}
  configMap:
    name: {{ $a.jwksConfigMap }}
  {{- else }}
  secret:
    secretName: {{ $a.jwksSecreto }}
  {{- end }}
{{- end }}
{{- with .Values.api.tls.secreto }}
- name: tls
  secret:
    secretName: {{ . }}
{{- end }}
{{- end -}}

{{/* Port of the gRPC probes: the plaintext health port when the API speaks TLS. Argument: dict "raiz" "valores". */}}
{{- define "alpes.api.puertoSondas" -}}
{{- ternary .raiz.Values.api.tls.puertoSalud .valores.puertoGrpc (ne .raiz.Values.api.tls.secreto "") -}}
{{- end -}}
