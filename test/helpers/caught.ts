import { O365Error } from "../../src/errors.js";

/** The O365Error a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function caught(p: Promise<unknown>): Promise<O365Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof O365Error) return e;
    throw e;
  }
  throw new Error("expected an O365Error");
}
