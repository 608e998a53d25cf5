/**
 * The host a webhook URL connects to, as dns.lookup and net.isIP expect it: lower case, without
 * the brackets of an IPv6 literal or a trailing dot. URL parsing has already normalised IPv4
 * shorthands (`http://2130706433/`, `http://0x7f.1/`) to dotted quads.
 */
export function webhookHost(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}
