// The fault book: rules armed through handle.control or POST /_emulator/faults, consumed by matching
// requests, plus per-route latency.
import type { FaultRoute, FaultRule, ServiceRoute } from "./rule.js";

interface ArmedFault {
  rule: FaultRule;
  remaining: number;
}

export interface FaultBook {
  add(rule: FaultRule): void;
  clear(): void;
  /** The fault to apply to this request, if any (decrements its count). */
  take(route: ServiceRoute): FaultRule | undefined;
  setLatency(ms: number, route?: FaultRoute): void;
  latencyFor(route: ServiceRoute): number;
  reset(): void;
}

export function createFaultBook(baseLatencyMs: number): FaultBook {
  let armed: ArmedFault[] = [];
  let latency = new Map<FaultRoute, number>([["*", baseLatencyMs]]);
  return {
    add(rule) {
      armed.push({ rule, remaining: rule.times ?? 1 });
    },
    clear() {
      armed = [];
    },
    take(route) {
      const hit = armed.find((a) => a.remaining > 0 && (a.rule.route === "*" || a.rule.route === route));
      if (!hit) return undefined;
      hit.remaining -= 1;
      armed = armed.filter((a) => a.remaining > 0);
      return hit.rule;
    },
    setLatency(ms, route = "*") {
      latency.set(route, Math.max(0, ms));
    },
    latencyFor(route) {
      return latency.get(route) ?? latency.get("*") ?? 0;
    },
    reset() {
      armed = [];
      latency = new Map([["*", baseLatencyMs]]);
    },
  };
}
