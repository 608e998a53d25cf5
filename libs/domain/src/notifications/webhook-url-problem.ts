import { AppConfig } from '@app/config';
import { isIP } from 'node:net';
import { refusedAddressRange } from './refused-address-range';
import { webhookHost } from './webhook-host';

/**
 * Why a webhook URL may not be used, or undefined when it may, judged on the URL alone: its
 * scheme and, for an IP literal, its range. Checked when a subscription is saved and again before
 * each delivery; a host name is judged at delivery by what it resolves to then (DNS can change).
 */
export function webhookUrlProblem(
  url: string,
  settings: Pick<AppConfig, 'WEBHOOK_ALLOW_PRIVATE_TARGETS' | 'WEBHOOK_REQUIRE_HTTPS'>,
): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'must be an http or https URL';
  if (settings.WEBHOOK_ALLOW_PRIVATE_TARGETS !== 'true') {
    const host = webhookHost(parsed);
    const range = isIP(host) ? refusedAddressRange(host) : undefined;
    if (range) return `must not point to a private or internal address (${host}: ${range})`;
  }
  if (settings.WEBHOOK_REQUIRE_HTTPS === 'true' && parsed.protocol !== 'https:')
    return 'must be an https URL (WEBHOOK_REQUIRE_HTTPS)';
  return undefined;
}
