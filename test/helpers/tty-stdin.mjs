// Preloaded with `node --import` so the CLI believes a person is at a terminal: the pipe that replaces
// the terminal in tests reports isTTY like a real one would (no pseudo-terminal needed on CI).
Object.defineProperty(process.stdin, "isTTY", { value: true, configurable: true });
