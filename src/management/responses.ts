// zod schemas for Management Activity API response bodies (o365-api.md 1.5); parsed at the edge.
import { z } from "zod";

export const webhookSchema = z.object({
  status: z.string().optional(),
  address: z.string(),
  authId: z.string().nullish(),
  expiration: z.string().nullish(),
});

export const subscriptionSchema = z.object({
  contentType: z.string(),
  // The reference sample drops status on one entry (o365-api.md 1.5.4); a listed subscription is enabled.
  status: z.string().default("enabled"),
  webhook: webhookSchema.nullish().transform((w) => w ?? null),
});

export const subscriptionListSchema = z.array(subscriptionSchema);

export const contentBlobSchema = z.object({
  contentType: z.string(),
  contentId: z.string(),
  contentUri: z.string(),
  contentCreated: z.string(),
  contentExpiration: z.string(),
});

export const contentBlobListSchema = z.array(contentBlobSchema);

export const contentNotificationSchema = contentBlobSchema.extend({
  notificationSent: z.string().optional(),
  notificationStatus: z.string().optional(),
});

export const notificationListSchema = z.array(contentNotificationSchema);
