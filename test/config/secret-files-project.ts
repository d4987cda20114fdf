import { makeProject, MINIMAL_CONFIG } from './project.js';

/** The secrets the project's files hold (none of them may ever appear in output). */
export const SECRETS = {
  slack: 'xoxb-from-file-5b2c',
  webhook: 'whsec-from-file-8d1e',
  pagerduty: 'pd-routing-from-file-3f9a',
  smtpPassword: 'smtp-pass-from-file-7c4d',
};

/** A project whose every channel secret comes from a file under credentials/. */
export function secretFilesProject(webhookUrl = 'https://hooks.example/in'): string {
  return makeProject({
    'tripline.yaml': `${MINIMAL_CONFIG}alerts:
  channels:
    - type: slack
      tokenFile: ./credentials/slack-bot-token
      channel: "#llm"
    - type: webhook
      url: ${webhookUrl}
      secretFile: ./credentials/webhook-secret
    - type: pagerduty
      routingKeyFile: ./credentials/pagerduty-routing-key
    - type: email
      urlFile: ./credentials/smtp-url
      from: tripline@example.com
      to: [ops@example.com]
`,
    // as `kubectl create secret --from-file` and `systemd-creds` write them: trailing newline
    'credentials/slack-bot-token': `${SECRETS.slack}\n`,
    'credentials/webhook-secret': `${SECRETS.webhook}\n`,
    'credentials/pagerduty-routing-key': `  ${SECRETS.pagerduty}\n`,
    'credentials/smtp-url': `smtp://tripline:${SECRETS.smtpPassword}@127.0.0.1:1/\n`,
  });
}

export const env = { OPENAI_API_KEY: 'sk-test-secret-files' };

