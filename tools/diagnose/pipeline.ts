// diagnose, part 2: is the audit pipeline flowing (clock, subscriptions, content) and which message-trace
// backend works.

import type { HttpEvent } from "../../src/http/types.js";
import { contentTypeStates, isEnabled } from "../../src/management/subscription-states.js";
import type { ContentType, Subscription } from "../../src/management/types.js";
import type { ToolContext } from "../../src/mcp/tool-context.js";
import type { MessageTraceBackendName } from "../../src/messagetrace/types.js";
import { HOUR_MS } from "../../src/time.js";
import { AUDIT_FIX, type Check, errorText, GRAPH_SP_FIX, NEEDED, permissionFix } from "./access.js";

export async function clockCheck(ctx: ToolContext): Promise<Check> {
  const { config, now } = ctx.deps;
  const url = `${config.endpoints.managementUrl.replace(/\/+$/, "")}/api/v1.0/${config.tenantId}/activity/feed/subscriptions/list`;
  try {
    const before = now().getTime();
    const res = await ctx.deps.http.request({
      api: "management",
      url,
      query: { PublisherIdentifier: config.publisherId },
      signal: ctx.signal,
      onEvent: (ev) => ctx.onHttpEvent(ev),
    });
    const local = (before + now().getTime()) / 2;
    const server = Date.parse(res.headers.date ?? "");
    if (Number.isNaN(server))
      return {
        name: "clock skew",
        status: "warn",
        detail: "The Management API sent no usable Date header; skew not measured.",
      };
    const skewS = Math.round((local - server) / 1000);
    const detail = `Local clock is ${Math.abs(skewS)} s ${skewS >= 0 ? "ahead of" : "behind"} the Management API (Date: ${new Date(server).toISOString()}).`;
    if (Math.abs(skewS) <= 60) return { name: "clock skew", status: "ok", detail };
    return {
      name: "clock skew",
      status: Math.abs(skewS) > 300 ? "fail" : "warn",
      detail: `${detail} Tokens (nbf/exp) and time windows (AF20030/AF20055) go wrong with skew.`,
      fix: "Synchronize the system clock with NTP (e.g. timedatectl set-ntp true, or w32tm /resync on Windows).",
    };
  } catch (e) {
    return { name: "clock skew", status: "warn", detail: `Not measured: ${errorText(e).detail}` };
  }
}

export function subscriptionChecks(list: Subscription[]): Check[] {
  return contentTypeStates(list).map(({ contentType: ct, subscription: sub }): Check => {
    const name = `subscription ${ct}`;
    const start = `Call start_subscription with {"contentType": "${ct}"}`;
    if (!sub)
      return {
        name,
        status: "warn",
        // A restart after a stop is missing from the list for a while (o365-api.md 1.5.3).
        detail:
          "Not subscribed: no content of this type is collected (or it was just started again after a stop, which Microsoft leaves out of the list for a while).",
        fix: `${start} (first content can take up to 12 hours). If the start answers "Tenant ... does not exist", unified audit logging is off: ${AUDIT_FIX}`,
      };
    if (!isEnabled(sub))
      return {
        name,
        status: "fail",
        detail: `Subscription is ${sub.status}: content cannot be listed or fetched (AF20023).`,
        fix: `${start} to re-enable it; content from the gap is lost.`,
      };
    const hook = sub.webhook;
    if (hook?.status && hook.status !== "enabled") {
      return {
        name,
        status: "warn",
        detail: `Enabled, but its webhook ${hook.address} is ${hook.status}.`,
        fix: `${start} and the same webhook to re-enable notifications (list_notifications shows the failed attempts).`,
      };
    }
    return {
      name,
      status: "ok",
      detail: hook
        ? `Enabled, webhook ${hook.address} (${hook.status ?? "enabled"}).`
        : "Enabled, no webhook.",
    };
  });
}

export function subscriptionFailure(e: unknown, delegated: boolean): Check[] {
  const err = errorText(e);
  // TENANT_NOT_ONBOARDED: the error mapper's code for "DataServiceException: Tenant does not exist" (o365-api.md 1.7).
  const fix =
    err.code === "AF10001"
      ? permissionFix("management", "ActivityFeed.Read", delegated)
      : err.code === "TENANT_NOT_ONBOARDED"
        ? AUDIT_FIX
        : (err.hint ?? AUDIT_FIX);
  return [
    { name: "subscriptions", status: "fail", detail: `Could not list subscriptions: ${err.detail}`, fix },
  ];
}

/** Newest contentCreated of the last 24 h, newest windows first, reading pages only until one has blobs. */
export async function contentCheck(ct: ContentType, ctx: ToolContext): Promise<Check> {
  const name = `content ${ct}`;
  const now = ctx.deps.now().getTime();
  const opts = { signal: ctx.signal, onEvent: (ev: HttpEvent) => ctx.onHttpEvent(ev) };
  try {
    for (const [from, to] of [
      [1, 0],
      [6, 1],
      [24, 6],
    ]) {
      let newest = "";
      let page = await ctx.deps.management.listContentPage(
        {
          contentType: ct,
          startTime: new Date(now - from * HOUR_MS).toISOString(),
          endTime: new Date(now - to * HOUR_MS).toISOString(),
        },
        opts,
      );
      for (let n = 0; ; n++) {
        for (const b of page.items) if (b.contentCreated > newest) newest = b.contentCreated;
        if (!page.nextPageUri || n >= 20) break;
        page = await ctx.deps.management.listContentPage(
          { contentType: ct, nextPageUri: page.nextPageUri },
          opts,
        );
      }
      if (newest) {
        const mins = Math.round((now - Date.parse(newest)) / 60_000);
        return {
          name,
          status: "ok",
          detail: `Content is flowing: newest blob created ${newest} (${mins} min ago).`,
        };
      }
    }
    return {
      name,
      status: "warn",
      detail: "No content became available in the last 24 hours.",
      fix: `A new subscription takes up to 12 hours to deliver content; a quiet workload may have no events. Otherwise: ${AUDIT_FIX}`,
    };
  } catch (e) {
    const err = errorText(e);
    // Listed as enabled yet AF20023: a restart after a stop that has not settled (o365-api.md 1.5.3).
    if (err.code === "AF20023")
      return {
        name,
        status: "warn",
        detail: `Listed as enabled, but content answers AF20023: ${err.detail}`,
        fix: "After a stop then start, Microsoft keeps answering AF20023 for a while: wait some minutes and run diagnose again; do not start it again (that only hits the 15-minute start wait).",
      };
    return { name, status: "fail", detail: `Listing content failed: ${err.detail}`, fix: err.hint };
  }
}

export async function traceCheck(
  backend: MessageTraceBackendName,
  ctx: ToolContext,
): Promise<Check & { works: boolean }> {
  const name = `message trace ${backend === "graph" ? "(Graph)" : "(legacy Reporting Web Service)"}`;
  const url =
    backend === "graph" ? ctx.deps.config.endpoints.graphUrl : ctx.deps.config.endpoints.reportingUrl;
  if (!url)
    return {
      name,
      status: "warn",
      works: false,
      detail: `Not available in the ${ctx.deps.config.cloud} cloud.`,
    };
  try {
    const page = await ctx.deps.messageTrace.trace(
      { query: { top: 1 }, backend },
      { signal: ctx.signal, onEvent: (ev) => ctx.onHttpEvent(ev) },
    );
    const note = backend === "reporting" ? " It is deprecated (from April 2026): prefer Graph." : "";
    return {
      name,
      status: "ok",
      works: true,
      detail: `Works (a 1-row sample query of the last 48 h returned ${page.rows.length}).${note}`,
    };
  } catch (e) {
    const err = errorText(e);
    let fix = err.hint;
    if (backend === "graph" && err.status === 401) fix = GRAPH_SP_FIX;
    // The legacy service answers 403 both for a missing role and for "retired for this tenant" (o365-api.md
    // 2.9, shape UNCONFIRMED); only the message tells them apart.
    else if (err.status === 403 && !/deprecat|retired|no longer/i.test(err.detail))
      fix = permissionFix(backend, NEEDED[backend].required, ctx.deps.config.authMode === "refresh_token");
    else if (backend === "reporting")
      fix =
        "The legacy Reporting Web Service message trace is being retired (new tenants never had it): use Graph message trace (ExchangeMessageTrace.Read.All and the message-trace service principal).";
    return { name, status: "fail", works: false, detail: err.detail, fix };
  }
}
