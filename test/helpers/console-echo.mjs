// Preloaded with `node --import`: a dependency that prints the configured secret with console.* once the
// server runs (the secrets test proves stderr redacts it).
setTimeout(() => {
  console.error("console-echo error", process.env.O365_CLIENT_SECRET);
  console.warn("console-echo warn", process.env.O365_CLIENT_SECRET);
  console.log("console-echo done");
}, 1500);
