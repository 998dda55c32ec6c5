import { writeFileSync } from "node:fs";
import { it } from "vitest";
import { startHarness } from "../helpers/harness.js";

it("measure", async () => {
  const h = await startHarness();
  const f = h.emu.incident;
  const a = await h.call("search_audit_log", {});
  const t = h.text(a);
  writeFileSync("scratch/audit.txt", t);
  writeFileSync("scratch/audit.json", JSON.stringify(a.structuredContent));
  console.log(
    "audit text",
    Buffer.byteLength(t),
    "structured",
    Buffer.byteLength(JSON.stringify(a.structuredContent)),
  );
  const b = await h.call("search_audit_log", {
    fields: ["Parameters"],
    users: [f.compromisedUser],
    operations: ["New-InboxRule"],
  });
  writeFileSync("scratch/params.txt", h.text(b));
  writeFileSync("scratch/params.json", JSON.stringify(b.structuredContent, null, 1));
  const { tools } = await h.client.listTools();
  console.log("catalogue", Buffer.byteLength(JSON.stringify(tools)));
  for (const tl of tools)
    console.log(
      tl.name,
      JSON.stringify(tl).length,
      "desc",
      tl.description?.length,
      "in",
      JSON.stringify(tl.inputSchema).length,
      "out",
      JSON.stringify(tl.outputSchema).length,
    );
  await h.close();
}, 60000);
