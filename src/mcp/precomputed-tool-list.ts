// tools/list answered from memory. The SDK rebuilds the list on every call, converting each tool's zod
// schemas to JSON Schema again (most of a tools/list round trip). The tool set only changes through the
// SDK's register/update/enable/disable/remove, each of which calls sendToolListChanged, so the list is
// built on the first call after a change and served as is until the next one. The SDK's list is a single
// page that ignores the cursor, so one answer serves every request. The SDK's encoders copy the result
// before adding to it (protocol-era fields), so the shared object is never modified.
import type { McpServer } from "@modelcontextprotocol/server";

type ListHandler = (request: unknown, ctx: unknown) => unknown;

/** Serves `server`'s tools/list from a list built once per change of the tool set. */
export function precomputeToolList(server: McpServer): void {
  const low = server.server as unknown as { _getRequestHandler(method: string): ListHandler | undefined };
  const sdkList = low._getRequestHandler?.("tools/list");
  if (!sdkList) return;
  let listed: Promise<unknown> | undefined;
  const announce = server.sendToolListChanged.bind(server);
  server.sendToolListChanged = () => {
    listed = undefined;
    announce();
  };
  server.server.setRequestHandler("tools/list", (request, ctx) => {
    listed ??= Promise.resolve(sdkList(request, ctx)).catch((error: unknown) => {
      listed = undefined; // a failed build is not kept: the next call tries again
      throw error;
    });
    return listed as never;
  });
}
