// Shapes of identifiers every layer checks: the tenant, app and message-trace ids are GUIDs, and a host a
// server may bind without a bearer token is a loopback one. One definition each, so the checks cannot drift.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID such as 4451a062-48cb-e80d-e8c0-196330437ae6 (no braces, any case). */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/** True for addresses only this machine can reach (localhost, 127.0.0.0/8, ::1, bracketed or not). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}
