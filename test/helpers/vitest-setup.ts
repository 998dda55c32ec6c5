// Runs before every test file (vitest.config.ts setupFiles): registers the project's matchers.
import { expect } from "vitest";
import { toBeToolResult } from "./tool-result-matcher.js";

expect.extend({ toBeToolResult });
