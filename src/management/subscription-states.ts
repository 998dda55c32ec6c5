// Which state each content type's subscription is in. /subscriptions/list omits types never subscribed and
// the API matches content type names case-insensitively (o365-api.md 1.3, 1.5.4); every caller that asks
// "which types can be searched" or "what is missing" answers it here, the same way.
import { CONTENT_TYPES, type ContentType, type Subscription } from "./types.js";

export interface ContentTypeState {
  contentType: ContentType;
  /** The listed subscription, or undefined when the type was never subscribed. */
  subscription: Subscription | undefined;
}

/** Every content type in the documented order, with its listed subscription if any. */
export function contentTypeStates(list: readonly Subscription[]): ContentTypeState[] {
  return CONTENT_TYPES.map((contentType) => ({
    contentType,
    subscription: list.find((s) => s.contentType.toLowerCase() === contentType.toLowerCase()),
  }));
}

/** An enabled subscription is the only one whose content can be listed and fetched (AF20023 otherwise). */
export function isEnabled(subscription: Subscription | undefined): boolean {
  return subscription?.status.toLowerCase() === "enabled";
}

export function enabledContentTypes(list: readonly Subscription[]): ContentType[] {
  return contentTypeStates(list)
    .filter((s) => isEnabled(s.subscription))
    .map((s) => s.contentType);
}

export function unsubscribedContentTypes(list: readonly Subscription[]): ContentType[] {
  return contentTypeStates(list)
    .filter((s) => s.subscription === undefined)
    .map((s) => s.contentType);
}
