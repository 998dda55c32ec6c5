// Graph's answers: the OData JSON content type, request-id / client-request-id headers and the
// {"error":{code,message,innerError}} shape of its errors (o365-api.md 3.2).
import { type EmuRequest, type EmuResponse, RouteError } from "../routing.js";

const GRAPH_JSON =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** Thrown inside the Graph route; written in Graph's error shape at its edge. */
export class GraphError extends RouteError {}

export const badRequest = (message: string): GraphError => new GraphError(400, "BadRequest", message);

export function graphResponse(
  req: EmuRequest,
  requestId: string,
  status: number,
  value: unknown,
  headers = {},
): EmuResponse {
  const clientRequestId = req.headers["client-request-id"];
  return {
    status,
    headers: {
      "Content-Type": GRAPH_JSON,
      "request-id": requestId,
      "client-request-id": typeof clientRequestId === "string" ? clientRequestId : requestId,
      ...headers,
    },
    body: JSON.stringify(value),
  };
}

export function graphErrorResponse(
  req: EmuRequest,
  requestId: string,
  err: GraphError,
  now: Date,
): EmuResponse {
  const body = {
    error: {
      code: err.code,
      message: err.message,
      innerError: {
        date: now.toISOString().slice(0, 19),
        "request-id": requestId,
        "client-request-id": requestId,
      },
    },
  };
  return graphResponse(req, requestId, err.status, body, err.headers);
}
