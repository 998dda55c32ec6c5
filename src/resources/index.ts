// MCP resources (design.md section 7): subscription state, small references, the effective config.
// Subscriptions accept any URI (the conformance suite subscribes to test://watched-resource).
import type { McpServer } from "@modelcontextprotocol/server";
import type { ServerDeps } from "../deps.js";
import { registerConfigResource } from "./config.js";
import { registerReferenceResources } from "./reference.js";
import { registerSubscriptionResources, SUBSCRIPTIONS_URI, subscriptionUri } from "./subscriptions.js";

export interface ResourcesHub {
  /**
   * Sends notifications/resources/updated for each of `uris` the client subscribed to. Pass the id of the
   * tool call that caused the change so that, over Streamable HTTP, the notification rides that request's
   * stream (a client without a standalone GET stream would otherwise never see it).
   */
  notifyUpdated(uris: string[], opts?: { relatedRequestId?: string | number }): Promise<void>;
  /** A content type's subscription changed: o365://subscriptions and o365://subscriptions/{contentType}. */
  subscriptionsChanged(contentType: string, opts?: { relatedRequestId?: string | number }): Promise<void>;
}

export function registerResources(server: McpServer, deps: ServerDeps): ResourcesHub {
  registerSubscriptionResources(server, deps);
  registerReferenceResources(server);
  registerConfigResource(server, deps);

  // McpServer declares only resources.listChanged by itself (mcp-notes.md 2.2); before connect this merges.
  if (!server.isConnected())
    server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });

  const subscribed = new Set<string>();
  server.server.setRequestHandler("resources/subscribe", async (req) => {
    subscribed.add(req.params.uri);
    return {};
  });
  server.server.setRequestHandler("resources/unsubscribe", async (req) => {
    subscribed.delete(req.params.uri);
    return {};
  });

  const hub: ResourcesHub = {
    async notifyUpdated(uris, opts) {
      for (const uri of new Set(uris)) {
        if (!subscribed.has(uri) || !server.isConnected()) continue;
        try {
          await server.server.notification(
            { method: "notifications/resources/updated", params: { uri } },
            opts?.relatedRequestId === undefined ? undefined : { relatedRequestId: opts.relatedRequestId },
          );
        } catch (e) {
          // A client that went away must not fail the tool call that changed the subscription.
          deps.log(`resources: could not send updated notification for ${uri}: ${(e as Error).message}`);
        }
      }
    },
    subscriptionsChanged: (contentType, opts) =>
      hub.notifyUpdated([SUBSCRIPTIONS_URI, subscriptionUri(contentType)], opts),
  };
  return hub;
}
