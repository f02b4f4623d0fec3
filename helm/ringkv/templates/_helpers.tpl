{{- define "ringkv.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ringkv.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ringkv.headless" -}}
{{- printf "%s-headless" (include "ringkv.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ringkv.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ringkv.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ringkv.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "ringkv.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Every pod's stable DNS name through the headless service, host:port, comma-separated. */}}
{{- define "ringkv.seeds" -}}
{{- $full := include "ringkv.fullname" . -}}
{{- $headless := include "ringkv.headless" . -}}
{{- $seeds := list -}}
{{- range $i := until (int .Values.replicaCount) -}}
{{- $seeds = append $seeds (printf "%s-%d.%s.%s.svc.%s:%d" $full $i $headless $.Release.Namespace $.Values.clusterDomain (int $.Values.port)) -}}
{{- end -}}
{{- join "," $seeds -}}
{{- end -}}

{{/* The Secret holding the cluster secret: the one named in the values, or the chart's own. */}}
{{- define "ringkv.clusterSecretName" -}}
{{- .Values.security.clusterSecret.existingSecret | default (printf "%s-cluster-secret" (include "ringkv.fullname" .)) -}}
{{- end }}
