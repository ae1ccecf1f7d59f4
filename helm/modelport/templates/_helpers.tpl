{{/* The chart name, or nameOverride. */}}
{{- define "modelport.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every resource name: the release name when it already contains the chart name (so that
"helm install modelport" gives modelport-operator and modelport-gateway), else "<release>-<chart>".
Truncated so that the longest suffix ("-gateway-reviews") keeps names within 63 characters.
*/}}
{{- define "modelport.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 47 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 47 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 47 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "modelport.operatorName" -}}
{{- include "modelport.fullname" . }}-operator
{{- end }}

{{- define "modelport.gatewayName" -}}
{{- include "modelport.fullname" . }}-gateway
{{- end }}

{{/* The gateway Service's FQDN: every per-model <model>-inference ExternalName Service points at it. */}}
{{- define "modelport.gatewayHost" -}}
{{- include "modelport.gatewayName" . }}.{{ .Release.Namespace }}.svc.{{ .Values.clusterDomain }}
{{- end }}

{{/* The upstream client's environment, the same for both roles (modelport.upstream.*). */}}
{{- define "modelport.upstreamEnv" -}}
- name: MODELPORT_UPSTREAM_REFUSE_PRIVATE
  value: {{ .Values.upstream.refusePrivate | quote }}
- name: MODELPORT_UPSTREAM_IDLE_TIMEOUT
  value: {{ .Values.upstream.idleTimeout | quote }}
{{- with .Values.upstream.serviceCidrs }}
- name: MODELPORT_UPSTREAM_SERVICE_CIDRS
  value: {{ join "," . | quote }}
{{- end }}
{{- with .Values.upstream.podCidrs }}
- name: MODELPORT_UPSTREAM_POD_CIDRS
  value: {{ join "," . | quote }}
{{- end }}
{{- with .Values.upstream.allowList }}
- name: MODELPORT_UPSTREAM_ALLOW_LIST
  value: {{ join "," . | quote }}
{{- end }}
{{- end }}

{{/*
Both roles' traces (tracing.*): off (Quarkus's OpenTelemetry SDK disabled, application.properties) unless an endpoint
is set, which turns the SDK on and points its OTLP exporter there.
*/}}
{{- define "modelport.tracingEnv" -}}
{{- with .Values.tracing }}
{{- if .endpoint }}
{{- if not (has .protocol (list "grpc" "http/protobuf")) }}
{{- fail (printf "tracing.protocol must be grpc or http/protobuf, not %s" .protocol) }}
{{- end }}
{{- if or (lt (float64 .samplerRatio) 0.0) (gt (float64 .samplerRatio) 1.0) }}
{{- fail (printf "tracing.samplerRatio must be between 0 and 1, not %v" .samplerRatio) }}
{{- end }}
- name: QUARKUS_OTEL_SDK_DISABLED
  value: "false"
- name: QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
  value: {{ .endpoint | quote }}
- name: QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL
  value: {{ .protocol | quote }}
- name: QUARKUS_OTEL_TRACES_SAMPLER_ARG
  value: {{ .samplerRatio | toString | quote }}
{{- if .headersSecret.name }}
- name: QUARKUS_OTEL_EXPORTER_OTLP_TRACES_HEADERS
  valueFrom:
    secretKeyRef:
      name: {{ .headersSecret.name | quote }}
      key: {{ .headersSecret.key | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{- define "modelport.image" -}}
{{- .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* Labels of every resource; pass a dict with "root" (the top context) and "component". */}}
{{- define "modelport.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "modelport.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: modelport
{{- end }}

{{/* Labels a component's Deployment, Service, PodDisruptionBudget and ServiceMonitor select its pods by. */}}
{{- define "modelport.selectorLabels" -}}
app.kubernetes.io/name: {{ include "modelport.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Prometheus scrape annotations and the role's own; pass a dict with "root" and "values" (the role's). */}}
{{- define "modelport.podAnnotations" -}}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: "8080"
prometheus.io/path: /q/metrics
{{- end }}
{{- with .values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The parts of both roles' pod specs that are not role-specific: the hardened security contexts, the probes, the
/tmp emptyDir (the root filesystem is read-only), and the image. Pass a dict with "root", "component" (operator
or gateway) and "values" (the role's values);
modelport.podSpec also takes "serviceAccountName".
*/}}
{{- define "modelport.container" -}}
image: {{ include "modelport.image" .root }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
# The image runs java -jar quarkus-run.jar; the first argument picks the role.
args: [{{ .component | quote }}]
ports:
  # Both roles serve health, metrics and (the gateway) inference on Quarkus's HTTP port.
  - name: http
    containerPort: 8080
    protocol: TCP
startupProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: 2
  failureThreshold: 60
livenessProbe:
  httpGet:
    path: /q/health/live
    port: http
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: http
  periodSeconds: 5
  failureThreshold: 3
securityContext:
  {{- toYaml .root.Values.securityContext | nindent 2 }}
resources:
  {{- toYaml .values.resources | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end }}

{{- define "modelport.podSpec" -}}
serviceAccountName: {{ .serviceAccountName }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
volumes:
  - name: tmp
    emptyDir: {}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
