// The coverage section of a search as the tool outputs it (zod, for the MCP output schema). It mirrors
// SearchCoverage in types.ts: what was listed, read, skipped and why, so no gap is silent.
import { z } from "zod";

export const searchCoverageSchema = z.object({
  windows: z
    .array(z.object({ contentType: z.string(), startTime: z.string(), endTime: z.string() }))
    .describe(
      "Listing windows on contentCreated: the range plus the arrival horizon for late content, capped at now",
    ),
  blobsListed: z.number(),
  blobsFetched: z.number(),
  blobsFromCache: z.number(),
  blobsExpired: z.number(),
  blobsFailed: z.number(),
  failures: z.array(
    z.object({
      contentId: z.string(),
      contentType: z.string(),
      contentCreated: z.string(),
      reason: z.string(),
      code: z.string().optional(),
    }),
  ),
  listingFailures: z
    .array(
      z.object({
        contentType: z.string(),
        startTime: z.string(),
        endTime: z.string(),
        reason: z.string(),
        code: z.string().optional(),
      }),
    )
    .optional(),
  recordsScanned: z.number(),
  duplicatesDropped: z.number(),
  arrivalHorizonHours: z
    .number()
    .describe("Blobs created up to this many hours after endTime were read (content lands late)"),
  listedUntil: z.string().describe("Blobs created before this time were read: min(now, endTime + horizon)"),
  contentMayArriveUntil: z
    .string()
    .optional()
    .describe(
      "Set while endTime + horizon is in the future: more content for the window may arrive until then",
    ),
  apiRequests: z.number(),
  listingsFromCache: z.number().optional().describe("Window listings answered from the closed-window cache"),
  // Typed as HistoryCoverage (types.ts); loose here to keep the tools/list catalogue small.
  history: z.record(z.string(), z.unknown()).optional(),
});
