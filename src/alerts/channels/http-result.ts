import type { HttpResult } from '../../http/types.js';
import type { SendResult } from '../types.js';

/** An HTTP outcome as a SendResult: 2xx ok; 408, 429, 5xx and transport failures retryable. URLs are never quoted. */
export function httpSendResult(channel: string, result: HttpResult): SendResult {
  if (result.kind === 'failure') {
    // The client's message names the URL; webhook URLs can carry tokens in their path, so it is not quoted.
    return { ok: false, retryable: true, error: `${channel}: ${result.failure === 'connection' ? 'connection failed' : result.failure}` };
  }
  const { status } = result.response;
  if (status >= 200 && status < 300) return { ok: true };
  return { ok: false, retryable: status === 408 || status === 429 || status >= 500, error: `${channel}: HTTP ${status}` };
}
