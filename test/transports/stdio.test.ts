import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runStdio } from "../../src/transports/stdio.js";
import { echoServerFactory, fakeDeps, INIT_BODY } from "../helpers/http-transport.js";

function nextLine(stream: PassThrough): Promise<string> {
  return new Promise((resolve) => {
    let buffer = "";
    const onData = (c: Buffer) => {
      buffer += c.toString("utf8");
      const i = buffer.indexOf("\n");
      if (i >= 0) {
        stream.off("data", onData);
        resolve(buffer.slice(0, i));
      }
    };
    stream.on("data", onData);
  });
}

describe("runStdio", () => {
  it("answers newline-delimited JSON-RPC and resolves when stdin ends", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const done = runStdio(fakeDeps(), {
      stdin,
      stdout,
      serverFactory: echoServerFactory,
      handleSignals: false,
    });
    const reply = nextLine(stdout);
    stdin.write(`${JSON.stringify(INIT_BODY)}\n`);
    expect(JSON.parse(await reply)).toMatchObject({ id: 1, result: { serverInfo: { name: "echo" } } });
    stdin.end();
    await expect(done).resolves.toBeUndefined();
  });
});
