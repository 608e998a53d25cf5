import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { LookupAddress, promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { refusedAddressRange } from './refused-address-range';
import { UndeliverableError } from './undeliverable.error';
import { webhookHost } from './webhook-host';
import { webhookUrlProblem } from './webhook-url-problem';
import { signWebhook } from './webhook-signature';

const TIMEOUT_MS = 10_000;

/**
 * POSTs a signed JSON event; a non-2xx answer (redirects are not followed) or no answer within
 * 10 s is a failure (retried). Unless WEBHOOK_ALLOW_PRIVATE_TARGETS, the host is resolved first
 * and refused when any of its addresses is not public, and the connection goes to exactly those
 * checked addresses: a DNS answer that changes in between (rebinding) cannot redirect it. A
 * refused target is an UndeliverableError (failed at once, not retried). The answer's body is
 * never read or kept.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: AppConfig) {}

  async send(url: string, secret: string, event: string, body: string, now: Date): Promise<void> {
    // Checked again here: the setting may be stricter than when the subscription was saved.
    const problem = webhookUrlProblem(url, this.config);
    if (problem) throw new UndeliverableError(`webhook URL refused: ${problem}`);
    const target = new URL(url);
    const addresses = await this.resolve(webhookHost(target));
    const timestamp = Math.floor(now.getTime() / 1000);
    const status = await post(target, addresses, body, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      'User-Agent': 'Leerlus-Webhooks/1',
      'Leerlus-Event': event,
      'Leerlus-Signature': signWebhook(secret, timestamp, body),
    });
    if (status >= 300 && status <= 399)
      throw new Error(`webhook answered HTTP ${status}; redirects are not followed`);
    if (status < 200 || status > 299) throw new Error(`webhook answered HTTP ${status}`);
  }

  /** Every address the host has now; any non-public one refuses the target (fail closed). */
  private async resolve(host: string): Promise<LookupAddress[]> {
    const family = isIP(host);
    // An IP literal was judged by webhookUrlProblem already.
    if (family !== 0) return [{ address: host, family }];
    const addresses = await dns.lookup(host, { all: true, verbatim: true });
    if (this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true') return addresses;
    for (const { address } of addresses) {
      const range = refusedAddressRange(address);
      if (range)
        throw new UndeliverableError(
          `webhook target refused: ${host} resolves to ${address} (${range}); private and internal ` +
            'addresses are not allowed (WEBHOOK_ALLOW_PRIVATE_TARGETS)',
        );
    }
    return addresses;
  }
}

/** One POST that connects only to the given addresses; resolves with the status once headers arrive. */
function post(target: URL, addresses: LookupAddress[], body: string, headers: http.OutgoingHttpHeaders) {
  // Stands in for DNS: no second lookup whose answer could differ from the checked one.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = client.request(target, { method: 'POST', headers, lookup, signal }, (response) => {
      // Drained unread, so the connection is released; the 10 s limit still ends an endless body.
      response.resume();
      response.on('error', () => undefined);
      resolve(response.statusCode ?? 0);
    });
    request.on('error', (error) =>
      reject(signal.aborted ? new Error(`webhook did not answer within ${TIMEOUT_MS / 1000} s`) : error),
    );
    request.end(body);
  });
}
