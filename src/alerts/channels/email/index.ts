import { urlPassword } from '../../../secrets/url-password.js';
import { redactSecrets } from '../../../secrets/redact.js';
import type { AlertChannel, SendResult } from '../../types.js';
import { renderEmail, type EmailPayload } from './render.js';
import { EmailConfig } from './schema.js';

/** SMTP reply codes 4xx are transient; connection-level failures are worth another try. */
function failure(error: unknown, config: EmailConfig): SendResult {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = 'code' in err ? String(err.code) : 'unknown';
  const responseCode = 'responseCode' in err && typeof err.responseCode === 'number' ? err.responseCode : undefined;
  const retryable = responseCode !== undefined ? responseCode < 500 : code !== 'EAUTH' && code !== 'EENVELOPE';
  const secrets = [...urlPassword(config.url), config.url];
  return { ok: false, retryable, error: redactSecrets(`smtp ${code}: ${err.message.split('\n')[0] ?? ''}`, secrets) };
}

/** Email over SMTP (nodemailer): plain-text and HTML parts; follow-ups reply to the opening mail. */
export const emailChannel = {
  id: 'email',
  schema: EmailConfig,
  secretFields: { url: 'url-password' },
  render: (event) => renderEmail(event),
  async send(payload: EmailPayload, config: EmailConfig, deps): Promise<SendResult> {
    // Loaded on the first send: a daemon without an email channel never pays for nodemailer.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      url: config.url,
      connectionTimeout: deps.timeoutMs,
      greetingTimeout: deps.timeoutMs,
      socketTimeout: deps.timeoutMs,
      logger: false,
      debug: false,
    });
    const thread = payload.reply && deps.threadRef ? { inReplyTo: deps.threadRef, references: [deps.threadRef] } : {};
    try {
      const info = await transport.sendMail({
        from: config.from,
        to: config.to,
        subject: payload.subject,
        text: payload.text,
        html: payload.html,
        // Derived from the event id: a mail re-sent after a crash mid-send has the same Message-ID.
        ...(deps.eventId ? { messageId: `<${deps.eventId}@tripline>` } : {}),
        ...thread,
      });
      const messageId: unknown = info.messageId;
      return typeof messageId === 'string' ? { ok: true, ref: messageId } : { ok: true };
    } catch (error) {
      return failure(error, config);
    } finally {
      transport.close();
    }
  },
} satisfies AlertChannel<EmailConfig, EmailPayload>;
