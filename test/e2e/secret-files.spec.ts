/**
 * e2e: secrets given as files (tokenFile, secretFile, routingKeyFile, urlFile) through the built CLI:
 * the files' values are what the channels use, and no output ever shows them.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startWebhookReceiver, verifySignature, type WebhookReceiver } from '../support/webhook-receiver.js';
import { cleanup } from '../config/project.js';
import { env, SECRETS, secretFilesProject } from '../config/secret-files-project.js';

afterEach(cleanup);

describe('e2e: secrets as files through the CLI', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(SECRETS.webhook);
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('validate and alerts test use the files\' secrets and never print them', async () => {
    const dir = secretFilesProject(receiver.url);
    const config = join(dir, 'tripline.yaml');
    const validate = await runCli(['validate', '--config', config], { env });
    expect(validate.code, validate.stderr).toBe(0);
    const test = await runCli(['alerts', 'test', '--channel', 'webhook', '--config', config], { env });
    expect(test.code, test.stdout + test.stderr).toBe(0);
    // the receiver checks the signature with the secret the file holds
    const delivery = receiver.deliveries.at(-1)!;
    expect(verifySignature(delivery.raw, delivery.headers, SECRETS.webhook, Date.now() / 1000)).toBe(true);
    // the email channel fails (nothing listens on port 1): its error output must not leak the URL's password
    const failing = await runCli(['alerts', 'test', '--channel', 'email', '--config', config], { env });
    expect(failing.code).toBe(2);
    for (const r of [validate, test, failing]) for (const s of Object.values(SECRETS)) expect(r.stdout + r.stderr).not.toContain(s);
  });
});
