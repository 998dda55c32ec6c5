// start_subscription: POST subscriptions/start (o365-api.md 1.5.1); AF20024 "already enabled" is success.
import { z } from "zod";
import { normalizeContentType } from "../src/management/content-types.js";
import { type StartOutcome, startContentTypes } from "../src/management/start-plan.js";
import { CONTENT_TYPES, type ContentType } from "../src/management/types.js";
import type { ToolContext } from "../src/mcp/tool-context.js";
import { defineTool } from "../src/mcp/tool-definition.js";
import { invalidInput } from "../src/shape/input.js";
import { resultFields } from "../src/shape/page.js";
import { parseTime } from "../src/time.js";

function checkWebhookAddress(address: string): string {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw invalidInput(
      "INVALID_WEBHOOK",
      `webhook.address "${address.slice(0, 100)}" is not a URL.`,
      "Give an absolute https:// URL.",
    );
  }
  if (url.protocol !== "https:") {
    throw invalidInput(
      "INVALID_WEBHOOK",
      `webhook.address must use HTTPS, not ${url.protocol.replace(":", "")}.`,
      "The Management Activity API only delivers to https:// endpoints (AF20021 otherwise).",
    );
  }
  return url.toString();
}

/** "Audit.Exchange", "audit.exchange, DLP.All" or "all": the content types in the order given, once each. */
function parseContentTypes(value: string): ContentType[] {
  if (value.trim().toLowerCase() === "all") return [...CONTENT_TYPES];
  const list = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(normalizeContentType);
  if (list.length === 0) return [normalizeContentType(value)];
  return [...new Set(list)];
}

interface PlannedStart {
  contentType: string;
  outcome: StartOutcome["outcome"];
  notBefore?: string;
  error?: string;
}

function describeOutcome(o: PlannedStart): string {
  switch (o.outcome) {
    case "started":
      return `${o.contentType}: started.`;
    case "already enabled":
      return `${o.contentType}: already enabled, not started again.`;
    case "waiting":
      return `${o.contentType}: not started yet; call start_subscription for it after ${o.notBefore}.`;
    case "failed":
      return `${o.contentType}: failed: ${o.error}`;
  }
}

export const startSubscription = defineTool({
  name: "start_subscription",
  title: "Start an audit feed subscription",
  description:
    "Starts or updates subscriptions, optionally with an HTTPS webhook (validated at once). Use it for AF20022 (none) or AF20023 (disabled); already enabled is a success. Several types: past the 15-minute start wait, the rest get a planned time. First content can take 12 h. Changes the tenant.",
  input: {
    contentType: z
      .string()
      .describe(
        'Audit.AzureActiveDirectory, Audit.Exchange, Audit.SharePoint, Audit.General or DLP.All; several comma-separated, or "all"',
      ),
    webhook: z
      .object({
        address: z.string().describe("HTTPS URL answering the validation POST with 200"),
        authId: z.string().optional().describe("Sent back in the Webhook-AuthID header"),
        expiration: z.string().optional().describe("ISO-8601 UTC"),
      })
      .optional()
      .describe("Omit to poll with list_available_content"),
  },
  output: {
    contentType: z.string().describe("Content type of the subscription"),
    status: z.string().describe("Subscription status after the call (enabled)"),
    alreadyEnabled: z.boolean().describe("True when it was already enabled with the same settings (AF20024)"),
    webhook: z
      .object({
        status: z.string().optional().describe("Webhook status"),
        address: z.string().describe("Webhook address"),
        expiration: z.string().nullable().optional().describe("Webhook expiration"),
      })
      .nullable()
      .describe("Webhook after the call, or null"),
    plan: z
      .array(
        z.object({
          contentType: z.string(),
          outcome: z.enum(["started", "already enabled", "waiting", "failed"]),
          notBefore: z.string().optional().describe("Waiting: start it after this time (UTC)"),
          error: z.string().optional().describe("Failed: the error and its hint"),
        }),
      )
      .optional()
      .describe("Several content types: what happened to each, in order"),
    ...resultFields("notes"),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const contentTypes = parseContentTypes(args.contentType);
    let webhook: { address: string; authId?: string; expiration?: string | null } | undefined;
    if (args.webhook) {
      const expiration = args.webhook.expiration
        ? parseTime(args.webhook.expiration, "webhook.expiration")
        : undefined;
      if (expiration && expiration.getTime() <= ctx.deps.now().getTime()) {
        throw invalidInput(
          "INVALID_WEBHOOK",
          `webhook.expiration ${expiration.toISOString()} is in the past.`,
          "Give a future expiration, or omit it for a webhook that never expires.",
        );
      }
      webhook = {
        address: checkWebhookAddress(args.webhook.address),
        ...(args.webhook.authId === undefined ? {} : { authId: args.webhook.authId }),
        ...(expiration ? { expiration: expiration.toISOString() } : {}),
      };
    }
    if (contentTypes.length > 1) return startSeveral(contentTypes, webhook, ctx);
    const contentType = contentTypes[0];
    const { subscription, alreadyEnabled } = await ctx.deps.management.startSubscription(
      contentType,
      webhook,
      {
        signal: ctx.signal,
        onEvent: ctx.onHttpEvent,
      },
    );
    await ctx.subscriptionsChanged(contentType);
    const notes = alreadyEnabled
      ? [`${contentType} was already enabled with these settings (AF20024): nothing changed.`]
      : [
          `${contentType} is subscribed. New content can take up to 12 hours to appear; Microsoft asks for 15 minutes before the next start request, possibly for any content type.`,
        ];
    return {
      contentType: subscription.contentType || contentType,
      status: subscription.status,
      alreadyEnabled,
      webhook: subscription.webhook
        ? {
            status: subscription.webhook.status,
            address: subscription.webhook.address,
            expiration: subscription.webhook.expiration ?? null,
          }
        : null,
      notes,
    };
  },
  render(result) {
    const webhook = result.webhook;
    return {
      header: `${result.contentType}: ${result.status}${result.alreadyEnabled ? " (already enabled)" : ""}.`,
      notes: [...(result.plan ?? []).map(describeOutcome), ...(result.notes ?? [])],
      sections: [
        {
          rows: webhook
            ? [{ webhook: webhook.address, status: webhook.status, expires: webhook.expiration }]
            : [],
        },
      ],
    };
  },
});

async function startSeveral(
  contentTypes: ContentType[],
  webhook: { address: string; authId?: string; expiration?: string | null } | undefined,
  ctx: ToolContext,
): Promise<{
  contentType: string;
  status: string;
  alreadyEnabled: boolean;
  webhook: { status?: string; address: string; expiration: string | null } | null;
  plan: PlannedStart[];
  notes: string[];
}> {
  const plan = await startContentTypes(ctx.deps.management, contentTypes, webhook, ctx.deps.now, {
    signal: ctx.signal,
    onEvent: ctx.onHttpEvent,
  });
  for (const o of plan) if (o.outcome === "started") await ctx.subscriptionsChanged(o.contentType);
  const enabled = plan.filter((o) => o.outcome === "started" || o.outcome === "already enabled");
  const waiting = plan.filter((o) => o.outcome === "waiting");
  const first = plan.find((o) => o.outcome === "started")?.subscription;
  const notes: string[] = [];
  if (waiting.length > 0)
    notes.push(
      "Microsoft asks for 15 minutes between subscription start requests and may count every content type against the same wait: the waiting ones are planned 15 minutes apart; nothing is wrong with them.",
    );
  if (plan.some((o) => o.outcome === "started")) notes.push("New content can take up to 12 hours to appear.");
  return {
    contentType: contentTypes.join(","),
    status: enabled.length === plan.length ? "enabled" : `${enabled.length} of ${plan.length} enabled`,
    alreadyEnabled: plan.every((o) => o.outcome === "already enabled"),
    webhook: first?.webhook
      ? {
          status: first.webhook.status,
          address: first.webhook.address,
          expiration: first.webhook.expiration ?? null,
        }
      : null,
    plan: plan.map((o) => ({
      contentType: o.contentType,
      outcome: o.outcome,
      ...(o.outcome === "waiting" ? { notBefore: o.notBefore } : {}),
      ...(o.outcome === "failed" ? { error: o.error } : {}),
    })),
    notes,
  };
}
