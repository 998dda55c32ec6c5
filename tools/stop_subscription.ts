// stop_subscription: POST subscriptions/stop (o365-api.md 1.5.3). Destructive: content created while the
// subscription is stopped is never available, even after a restart.
import { z } from "zod";
import { normalizeContentType } from "../src/management/content-types.js";
import { defineTool } from "../src/mcp/tool-definition.js";
import { invalidInput } from "../src/shape/input.js";
import { resultFields } from "../src/shape/page.js";

export const stopSubscription = defineTool({
  name: "stop_subscription",
  title: "Stop an audit feed subscription",
  description:
    "Stops one content type's subscription: no notifications, its content can no longer be listed or read. DESTRUCTIVE: content created while stopped is lost and cannot be recovered, even after start_subscription. Only when the user explicitly asks; without elicitation it must pass confirm: true.",
  input: {
    contentType: z
      .string()
      .describe("Audit.AzureActiveDirectory, Audit.Exchange, Audit.SharePoint, Audit.General or DLP.All"),
    confirm: z.boolean().optional().describe("true = the user agreed"),
  },
  output: {
    contentType: z.string().describe("Content type"),
    stopped: z
      .boolean()
      .describe("True when the subscription was stopped; false when the user declined or cancelled"),
    ...resultFields("notes"),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const contentType = normalizeContentType(args.contentType);
    const answer = await ctx.confirm(
      `Stop the ${contentType} audit subscription? Audit content created while it is stopped is lost for good; restarting only brings new content.`,
    );
    if (answer === "unavailable" || answer === "failed") {
      if (args.confirm !== true) {
        throw invalidInput(
          "CONFIRMATION_REQUIRED",
          `stop_subscription loses ${contentType} audit content for good, and ${answer === "failed" ? "asking the user for confirmation failed" : "this client cannot ask the user for confirmation"}.`,
          "Ask the user whether to stop it; only if they say yes, call again with confirm: true.",
        );
      }
    } else if (answer !== "accepted") {
      const why = answer === "cancelled" ? "the confirmation was cancelled" : "the user declined";
      return {
        contentType,
        stopped: false,
        notes: [`Not stopped: ${why}. ${contentType} keeps its current state.`],
      };
    }
    await ctx.deps.management.stopSubscription(contentType, { signal: ctx.signal, onEvent: ctx.onHttpEvent });
    await ctx.subscriptionsChanged(contentType);
    return {
      contentType,
      stopped: true,
      notes: [
        `${contentType} stopped. Content from now until a new start_subscription is lost; after a restart, /content may answer AF20023 for a while.`,
      ],
    };
  },
  render(result) {
    return {
      header: `${result.contentType}: ${result.stopped ? "stopped" : "not stopped"}.`,
      notes: result.notes,
      sections: [],
    };
  },
});
