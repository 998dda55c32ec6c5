// Office 365 Management Activity API client (o365-api.md section 1) on top of the HttpClient contract.
import type { Config } from "../config/types.js";
import { isO365Error, O365Error } from "../errors.js";
import { assertFollowable, type LinkRefusal } from "../http/links.js";
import { createPageGuard } from "../http/page-guard.js";
import { parseBody } from "../http/response-body.js";
import type { ApiResponse, CallOptions, HttpClient } from "../http/types.js";
import { BlobFormatError, type BlobRecords, readBlobRecords } from "./blob-records.js";
import { assertContentId, checkContentUri, encodeContentId } from "./content-ref.js";
import {
  contentBlobListSchema,
  notificationListSchema,
  subscriptionListSchema,
  subscriptionSchema,
} from "./responses.js";
import type {
  AuditRecord,
  ContentBlob,
  ContentPage,
  ContentType,
  ManagementClient,
  Subscription,
} from "./types.js";
import { apiWindow } from "./windows.js";

interface PageRequest {
  contentType: ContentType;
  startTime?: string;
  endTime?: string;
  nextPageUri?: string;
}

export function createManagementClient(deps: { config: Config; http: HttpClient }): ManagementClient {
  const { config, http } = deps;
  const root = `${config.endpoints.managementUrl.replace(/\/+$/, "")}/api/v1.0/${config.tenantId}/activity/feed`;

  /**
   * PublisherIdentifier on every call, including content GETs (o365-api.md 1.4), appended to the text so a
   * service-made URI (NextPageUri, contentUri) is otherwise sent verbatim; never added twice.
   */
  function withPublisher(url: string): string {
    // Case-insensitively: a NextPageUri may spell its parameters in lower case (o365-api.md 1.5.5).
    const names = [...new URL(url).searchParams.keys()].map((k) => k.toLowerCase());
    if (names.includes("publisheridentifier")) return url;
    const [base, hash] = url.split("#", 2);
    const sep = base.includes("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
    return `${base}${sep}PublisherIdentifier=${encodeURIComponent(config.publisherId)}${hash === undefined ? "" : `#${hash}`}`;
  }

  async function get<T>(
    url: string,
    query: Record<string, string | undefined> | undefined,
    opts?: CallOptions,
  ) {
    return http.request<T>({
      api: "management",
      method: "GET",
      url: withPublisher(url),
      query,
      signal: opts?.signal,
      onEvent: opts?.onEvent,
    });
  }

  function nextPageFrom(res: ApiResponse): string | undefined {
    // Header names are case-insensitive; NextPageUrl was the once-documented misspelling (o365-api.md 1.5.5).
    let next: string | undefined;
    for (const [name, value] of Object.entries(res.headers)) {
      const lower = name.toLowerCase();
      if (lower === "nextpageuri" || (lower === "nextpageurl" && next === undefined)) next = value;
    }
    if (next === undefined || next.trim() === "") return undefined;
    assertFollowable(http, next.trim(), pagingLinkRefusal("The NextPageUri returned by the service"));
    return next.trim();
  }

  /**
   * A nextPageUri, from a cursor or from the service, may only continue the same listing of this tenant on
   * the Management API's own host: the management token never goes to another API's host or resource.
   */
  function assertListingOfThisTenant(
    url: string,
    operation: "content" | "notifications",
    from: "caller" | "service",
  ): void {
    const link = new URL(url);
    const tenant = config.tenantId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const expected = new RegExp(`^/api/v1(?:\\.0)?/${tenant}/activity/feed/subscriptions/${operation}$`, "i");
    if (link.origin === new URL(config.endpoints.managementUrl).origin && expected.test(link.pathname))
      return;
    throw from === "caller"
      ? new O365Error({
          api: "input",
          code: "INVALID_NEXT_PAGE",
          message: `nextPageUri is not a /subscriptions/${operation} listing of this tenant.`,
          hint: "Pass back the cursor or NextPageUri exactly as the previous page returned it.",
        })
      : new O365Error({
          api: "management",
          code: "LINK_NOT_FOLLOWED",
          message: `The NextPageUri returned by the service is not a /subscriptions/${operation} listing of this tenant on the Management API host; it was not followed.`,
          hint: "Check O365_MANAGEMENT_URL / --cloud; if it persists, the service or a proxy in between is returning a bad NextPageUri.",
        });
  }

  async function page<T>(
    operation: "content" | "notifications",
    req: PageRequest,
    parse: (body: unknown) => T[],
    opts?: CallOptions,
  ): Promise<ContentPage<T>> {
    let res: ApiResponse;
    if (req.nextPageUri !== undefined) {
      assertFollowable(http, req.nextPageUri, pagingLinkRefusal("nextPageUri"));
      assertListingOfThisTenant(req.nextPageUri, operation, "caller");
      res = await get(req.nextPageUri, undefined, opts);
    } else {
      const window = apiWindow(req.startTime, req.endTime);
      res = await get(
        `${root}/subscriptions/${operation}`,
        { contentType: req.contentType, startTime: window?.startTime, endTime: window?.endTime },
        opts,
      );
    }
    const items = parse(res.body);
    const nextPageUri = nextPageFrom(res);
    if (nextPageUri !== undefined) assertListingOfThisTenant(nextPageUri, operation, "service");
    return nextPageUri === undefined ? { items } : { items, nextPageUri };
  }

  const client: ManagementClient = {
    async listSubscriptions(opts) {
      const res = await get(`${root}/subscriptions/list`, undefined, opts);
      return parseBody(subscriptionListSchema, res.body, "subscriptions/list", "management");
    },

    async startSubscription(contentType, webhook, opts) {
      const url = `${root}/subscriptions/start`;
      if (webhook !== undefined && !/^https:\/\//i.test(webhook.address)) {
        throw new O365Error({
          api: "input",
          code: "INVALID_WEBHOOK",
          message: "The webhook address must begin with https:// (AF20021 otherwise).",
          hint: "Give an HTTPS URL that answers the validation POST with 200 OK.",
        });
      }
      const body =
        webhook === undefined
          ? undefined
          : {
              webhook: {
                address: webhook.address,
                authId: webhook.authId ?? "",
                expiration: webhook.expiration ?? "",
              },
            };
      try {
        const res = await http.request({
          api: "management",
          method: "POST",
          url: withPublisher(url),
          query: { contentType },
          body,
          signal: opts?.signal,
          onEvent: opts?.onEvent,
        });
        return {
          subscription: parseBody(subscriptionSchema, res.body, "subscriptions/start", "management"),
          alreadyEnabled: false,
        };
      } catch (error) {
        // AF20024 "already enabled, no property change" is success (o365-api.md 1.5.1, OBSERVED).
        if (!isO365Error(error) || error.code !== "AF20024") throw error;
      }
      const current = (await client.listSubscriptions(opts)).find(
        (s) => s.contentType.toLowerCase() === contentType.toLowerCase(),
      );
      const subscription: Subscription = current ?? { contentType, status: "enabled", webhook: null };
      return { subscription, alreadyEnabled: true };
    },

    async stopSubscription(contentType, opts) {
      const url = `${root}/subscriptions/stop`;
      await http.request({
        api: "management",
        method: "POST",
        url: withPublisher(url),
        query: { contentType },
        responseType: "text",
        signal: opts?.signal,
        onEvent: opts?.onEvent,
      });
    },

    listContentPage(req, opts) {
      return page<ContentBlob>(
        "content",
        req,
        (body) => parseBody(contentBlobListSchema, body, "subscriptions/content", "management"),
        opts,
      );
    },

    async listContent(req, opts) {
      const blobs: ContentBlob[] = [];
      const guard = createPageGuard("management", "content listing");
      let current = await client.listContentPage(req, opts);
      for (let n = 1; ; n++) {
        blobs.push(...current.items);
        opts?.onPage?.(n, current.items.length);
        const next = current.nextPageUri;
        if (next === undefined) return blobs;
        guard.follow(next, current.items.length);
        current = await client.listContentPage({ contentType: req.contentType, nextPageUri: next }, opts);
      }
    },

    async retrieveContent(ref, opts) {
      let contentUri: string;
      if ("contentUri" in ref) {
        contentUri = checkContentUri(ref.contentUri, config.tenantId, (u) => http.isAllowedUrl(u)).href;
      } else {
        contentUri = client.contentUriFor(ref.contentId);
      }
      // Parsed inside the HTTP retry loop: a body truncated or malformed once is fetched again (bounded by
      // O365_MAX_RETRIES, with backoff) before the blob is reported as failed.
      const pick = opts?.pick ?? [];
      const res = await http.request<BlobRecords>({
        api: "management",
        method: "GET",
        url: withPublisher(contentUri),
        responseType: "text",
        parseBytes: (body) => parseRecords(body, pick),
        bodyPool: opts?.bodyPool,
        signal: opts?.signal,
        onEvent: opts?.onEvent,
        beforeBody: opts?.beforeBody,
      });
      const give = res.releaseBody;
      // Sealed first, then the bytes go back to the pool: a late reader fails loudly, never reads reuse.
      const blob: BlobRecords = give
        ? {
            ...res.body,
            release: () => {
              res.body.release();
              give();
            },
          }
        : res.body;
      let records: AuditRecord[] | undefined;
      return {
        blob,
        // Parsed when first asked for: a search reads only the records that can match (blob.record).
        get records() {
          records ??= blob.all();
          return records;
        },
        bytes: res.bytes,
        contentUri,
      };
    },

    listNotificationsPage(req, opts) {
      return page(
        "notifications",
        req,
        (body) => parseBody(notificationListSchema, body, "subscriptions/notifications", "management"),
        opts,
      );
    },

    contentUriFor(contentId) {
      assertContentId(contentId);
      return `${root}/audit/${encodeContentId(contentId)}`;
    },
  };
  return client;
}

/** A blob is a JSON array of record objects (o365-api.md 1.5.6); anything else is a broken download. */
function parseRecords(body: Buffer, pick: readonly string[]): BlobRecords {
  try {
    return readBlobRecords(body, pick);
  } catch (error) {
    if (!(error instanceof BlobFormatError)) throw error;
    throw malformedContent(
      error.why === "not-json"
        ? "the body is not valid JSON (possibly truncated)"
        : error.why === "not-array"
          ? "the body is not a JSON array"
          : "an element of the array is not a record object",
    );
  }
}

function malformedContent(why: string): O365Error {
  return new O365Error({
    api: "management",
    code: "MALFORMED_CONTENT",
    message: `The content blob could not be read: ${why}.`,
    hint: "Retry the download; the blob stays available for 7 days after it was listed.",
    retryable: true,
  });
}

function pagingLinkRefusal(what: string): LinkRefusal {
  return {
    api: "management",
    message: (origin) =>
      `${what} points outside the allowed Management API hosts; it was not followed (${origin}).`,
    hint: "Check O365_MANAGEMENT_URL / --cloud: the paging link must be on the same host as the API. Nothing was sent to the other host.",
  };
}
