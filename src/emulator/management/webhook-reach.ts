// The emulator sends nothing off the machine: webhook validation only calls loopback addresses unless the
// allowExternalWebhooks switch says otherwise. Judged on the literal host, never by resolving a name (a DNS
// lookup would itself leave the machine, and a name can point anywhere).
const LOOPBACK_NAMES = new Set(["localhost"]);

/** True when `address` names this machine: 127.0.0.0/8, ::1 (also IPv4-mapped) or localhost. */
export function isLoopbackAddress(address: string): boolean {
  let host: string;
  try {
    host = new URL(address).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (LOOPBACK_NAMES.has(host) || host.endsWith(".localhost")) return true;
  if (host === "::1" || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)) return true;
  const v4 = host.startsWith("::ffff:") ? host.slice("::ffff:".length) : host;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

export const EXTERNAL_WEBHOOK_REASON =
  "The emulator does not contact hosts off this machine: use a loopback address (127.0.0.1, ::1 or localhost), or start the emulator with allowExternalWebhooks (--allow-external-webhooks).";
