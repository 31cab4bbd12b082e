{{/*
A private CA for an external Pulsar (pulsar.ca): the broker's certificate is signed by the user's
internal PKI, not by a public CA. Dapr's pulsar component has no CA option (only enableTLS: Go's
system roots), so the CA is mounted into the daprd sidecar (dapr.io/volume-mounts, a volume of the
pod) and named in SSL_CERT_DIR (dapr.io/env): Go adds every certificate of that folder to the
system roots, which it still loads from their usual file. KEDA gets it through its
TriggerAuthentication (`ca`, keda-liquidacion.yaml). Argument of each: the root context ($).
*/}}
{{- define "alpes.caPulsar.dir" -}}/etc/alpes/pulsar-ca{{- end -}}

{{- define "alpes.caPulsar.anotaciones" -}}
{{- $ca := .Values.pulsar.ca -}}
{{- if or $ca.secreto $ca.configMap }}
dapr.io/volume-mounts: {{ printf "pulsar-ca:%s" (include "alpes.caPulsar.dir" .) | quote }}
dapr.io/env: {{ printf "SSL_CERT_DIR=%s" (include "alpes.caPulsar.dir" .) | quote }}
{{- end }}
{{- end -}}

{{/* Only the CA's key is projected: the folder must hold certificates alone. */}}
{{- define "alpes.caPulsar.volumen" -}}
{{- $ca := .Values.pulsar.ca -}}
{{- if or $ca.secreto $ca.configMap }}
- name: pulsar-ca
  {{- if $ca.secreto }}
  secret:
    secretName: {{ $ca.secreto }}
  {{- else }}
  configMap:
    name: {{ $ca.configMap }}
  {{- end }}
    items:
      - key: {{ $ca.clave }}
        path: ca.crt
{{- end }}
{{- end -}}
