{{/*
Template subset: this chart sticks to if/else/range/with/define/include, variables, and the functions
default, quote, toYaml, nindent, indent, printf, trunc, trimSuffix, omit, sha256sum, b64enc, required,
index, eq, ne, gt, not, and, or, int, empty, hasKey, merge, dict, toString. test/deploy/helm-render.ts
renders the chart with exactly that subset (no helm binary in CI) and fails on anything else.
*/}}

{{- define "tripline.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tripline.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if eq .Release.Name (include "tripline.name" .) }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "tripline.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "tripline.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tripline.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "tripline.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | trunc 63 | trimSuffix "-" }}
{{ include "tripline.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "tripline.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- printf "%s-secrets" (include "tripline.fullname" .) }}
{{- end }}
{{- end }}

{{/* tripline.yaml: the user's config with the keys that must match this chart's mounts. */}}
{{- define "tripline.config" -}}
{{- $server := dict "listen" (printf "0.0.0.0:%d" (int .Values.port)) }}
{{- if has "server-auth-token" .Values.secrets.files }}
{{- $server = dict "listen" (printf "0.0.0.0:%d" (int .Values.port)) "authTokenFile" "/var/run/secrets/tripline/server-auth-token" }}
{{- end }}
{{- $owned := dict "server" $server "stateDir" "/var/lib/tripline" "canaries" "/etc/tripline/canaries" "snapshots" "/var/lib/tripline/snapshots" }}
{{- toYaml (merge $owned (omit .Values.config "server" "stateDir" "canaries" "snapshots")) }}
{{- end }}

{{/* The pod spec shared by the Deployment and the CronJob; `args` is passed in. */}}
{{- define "tripline.podSpec" -}}
{{- $root := .root -}}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
containers:
  - name: tripline
    image: {{ printf "%s:%s" $root.Values.image.repository (default $root.Chart.AppVersion $root.Values.image.tag) | quote }}
    imagePullPolicy: {{ $root.Values.image.pullPolicy }}
    {{- if eq .command "check" }}
    # exit 1 (drift found, alerts sent) -> 0, so a found drift does not fail the Job
    command: ["tripline-job"]
    {{- end }}
    args: ["{{ .command }}", "--config", "/etc/tripline/tripline.yaml"]
    {{- if eq .command "start" }}
    ports:
      - name: http
        containerPort: {{ int $root.Values.port }}
        protocol: TCP
    {{- end }}
    env:
      - name: NODE_ENV
        value: production
      {{- range $name, $key := $root.Values.secrets.env }}
      - name: {{ $name }}
        valueFrom:
          secretKeyRef:
            name: {{ include "tripline.secretName" $root }}
            key: {{ $key }}
      {{- end }}
      {{- with $root.Values.extraEnv }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    {{- if eq .command "start" }}
    startupProbe:
      httpGet:
        path: /healthz
        port: http
      periodSeconds: 2
      failureThreshold: 30
    livenessProbe:
      httpGet:
        path: /healthz
        port: http
      periodSeconds: 20
      timeoutSeconds: 5
      failureThreshold: 3
    readinessProbe:
      httpGet:
        path: /readyz
        port: http
      periodSeconds: 10
      timeoutSeconds: 5
      failureThreshold: 3
    {{- end }}
    resources:
      {{- toYaml $root.Values.resources | nindent 6 }}
    securityContext:
      {{- toYaml $root.Values.securityContext | nindent 6 }}
    volumeMounts:
      - name: config
        mountPath: /etc/tripline/tripline.yaml
        subPath: tripline.yaml
        readOnly: true
      - name: canaries
        mountPath: /etc/tripline/canaries
        readOnly: true
      {{- if $root.Values.secrets.files }}
      - name: secrets
        mountPath: /var/run/secrets/tripline
        readOnly: true
      {{- end }}
      - name: state
        mountPath: /var/lib/tripline
      - name: tmp
        mountPath: /tmp
{{- with $root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: config
    configMap:
      name: {{ include "tripline.fullname" $root }}-config
      items:
        - key: tripline.yaml
          path: tripline.yaml
  - name: canaries
    configMap:
      name: {{ include "tripline.fullname" $root }}-canaries
  {{- if $root.Values.secrets.files }}
  - name: secrets
    secret:
      secretName: {{ include "tripline.secretName" $root }}
      defaultMode: 0440
      items:
        {{- range $root.Values.secrets.files }}
        - key: {{ . }}
          path: {{ . }}
        {{- end }}
  {{- end }}
  - name: state
    {{- if $root.Values.persistence.enabled }}
    persistentVolumeClaim:
      claimName: {{ default (printf "%s-state" (include "tripline.fullname" $root)) $root.Values.persistence.existingClaim }}
    {{- else }}
    emptyDir: {}
    {{- end }}
  - name: tmp
    emptyDir:
      medium: Memory
      sizeLimit: 16Mi
{{- end }}
