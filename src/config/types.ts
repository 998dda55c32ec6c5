// The effective configuration every layer receives: the output types of the zod schemas in schema.ts, which
// loadConfig validates (design.md section 3). This file is the contract the other layers code against.
import type { z } from "zod";
import type {
  apiSchema,
  authModeSchema,
  cloudSchema,
  messageTraceBackendSchema,
  transportSchema,
} from "./choices.js";
import type { configSchema, endpointsSchema } from "./schema.js";

export type Cloud = z.infer<typeof cloudSchema>;
export type AuthMode = z.infer<typeof authModeSchema>;
export type MessageTraceBackend = z.infer<typeof messageTraceBackendSchema>;
export type TransportKind = z.infer<typeof transportSchema>;
export type Api = z.infer<typeof apiSchema>;
export type Endpoints = z.output<typeof endpointsSchema>;
export type Config = z.output<typeof configSchema>;
