// startEmulator: the local Microsoft stand-in (design.md 9). Four HTTPS listeners on 127.0.0.1 (Entra,
// Management Activity API, Graph, Reporting Web Service) sharing one synthetic tenant, fault book and recorder.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuditSearchRoute, isAuditSearchPath } from "./auditsearch/route.js";
import { createAuditQueryStore } from "./auditsearch/store.js";
import { createControl, createControlRoute } from "./control.js";
import { checkBearer } from "./entra/access-token.js";
import { createDirectory, seededGuid } from "./entra/directory.js";
import { audiencesOf } from "./entra/resources.js";
import { createEntraRoute } from "./entra/route.js";
import { createFaultBook } from "./faults/book.js";
import { createGraphRoute } from "./graph/route.js";
import { createMessageTraceThrottle } from "./graph/throttle.js";
import { createListener } from "./listener.js";
import { createManagementRoute, managementFaultRoute } from "./management/route.js";
import { createManagementState } from "./management/state.js";
import { resolveOptions } from "./options.js";
import { createClientCertificate, createPki } from "./pki.js";
import { createRecorder } from "./recorder.js";
import { createReportingRoute } from "./reporting/route.js";
import type { EmuContext, EmuOrigins, RouteHandler } from "./routing.js";
import { CONTENT_TYPES, generateTenant } from "./tenant/index.js";
import type { EmulatorHandle, EmulatorOptions } from "./types.js";

export type { EmulatorHandle, EmulatorOptions } from "./types.js";

/** The start of the current UTC hour: the --demo history anchor, shared by every command run in that hour. */
export function startOfUtcHour(at: Date = new Date()): Date {
  const hour = 60 * 60 * 1000;
  return new Date(Math.floor(at.getTime() / hour) * hour);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const opts = resolveOptions(options);
  const now = options.now ?? (() => new Date());
  const pki = await createPki();
  const tls = await pki.issueServerCertificate(["127.0.0.1", "localhost"]);
  const tenantId = seededGuid(opts.seed, "tenant");
  const tenant = generateTenant({
    seed: opts.seed,
    tenantId,
    now: options.historyEnd ?? now(),
    days: opts.days,
    historyDays: opts.auditHistoryDays,
    blobsPerHour: options.blobsPerHour,
    recordsPerBlob: options.recordsPerBlob,
    recordBytes: options.recordBytes,
    longTailLag: options.longTailLag,
  });
  const clientCert = await createClientCertificate("office365-mcp emulator client");
  const admin = tenant.users.find((u) => u.isAdmin) ?? tenant.users[0];
  const directory = createDirectory({
    seed: opts.seed,
    tenantId,
    certPem: clientCert.certPem,
    user: { oid: admin.objectId, upn: admin.upn, name: admin.displayName },
    now: now(),
  });
  const faults = createFaultBook(opts.latencyMs);
  const recorder = createRecorder();
  const management = createManagementState(options.subscribed ?? CONTENT_TYPES);
  const traceThrottle = createMessageTraceThrottle();
  const auditSearch = createAuditQueryStore({
    runningMs: opts.auditQueryRunningMs,
    recordCountLimit: opts.auditRecordCountLimit,
    queriesPer24h: opts.auditQueriesPer24h,
    concurrentQueries: opts.auditConcurrentQueries,
    v1Available: opts.auditV1Available,
  });
  const control = createControl({
    auditSearch,
    faults,
    recorder,
    management,
    directory,
    now,
    resetMessageTraceThrottle: traceThrottle.reset,
  });

  const origins: EmuOrigins = { login: "", management: "", graph: "", reporting: "" };
  const ctx: EmuContext = {
    tenant,
    now,
    options: opts,
    origins,
    checkToken: (req, service) => checkBearer(directory, req, audiencesOf(service, origins), now()),
  };
  const common = { tls, ctx, faults, recorder };
  const listeners: Array<[keyof EmuOrigins, Server, number]> = [
    [
      "login",
      createListener({ ...common, handler: createEntraRoute(directory), classify: () => "token" }),
      0,
    ],
    [
      "management",
      createListener({
        ...common,
        handler: createManagementRoute({ state: management, webhookCa: pki.caCertPem }),
        classify: managementFaultRoute,
        control: createControlRoute(control),
      }),
      options.port ?? 0,
    ],
    [
      "graph",
      createListener({
        ...common,
        handler: graphHandler(
          createAuditSearchRoute({
            store: auditSearch,
            retentionDays: opts.auditRetentionDays,
            limitProperties: opts.auditLimitProperties,
          }),
          createGraphRoute(traceThrottle),
        ),
        classify: (req) => (isAuditSearchPath(req.url) ? "auditsearch" : "graph"),
      }),
      0,
    ],
    [
      "reporting",
      createListener({ ...common, handler: createReportingRoute(), classify: () => "reporting" }),
      0,
    ],
  ];
  for (const [name, server, port] of listeners) origins[name] = await listen(server, port);

  const caDir = await mkdtemp(join(tmpdir(), "o365-emulator-"));
  const caCertFile = join(caDir, "ca.pem");
  await writeFile(caCertFile, pki.caCertPem, { mode: 0o644 });

  return {
    tenantId,
    clientId: directory.defaultApp.clientId,
    clientSecret: directory.defaultApp.secret as string,
    certClientId: directory.certApp.clientId,
    certPem: `${clientCert.certPem.trim()}\n${clientCert.keyPem.trim()}\n`,
    refreshToken: directory.initialRefreshToken,
    noRoleClientId: directory.noRoleApp.clientId,
    noRoleClientSecret: directory.noRoleApp.secret as string,
    noDlpClientId: directory.noDlpApp.clientId,
    noDlpClientSecret: directory.noDlpApp.secret as string,
    noAuditQueryClientId: directory.noAuditQueryApp.clientId,
    noAuditQueryClientSecret: directory.noAuditQueryApp.secret as string,
    auditLogReadOnlyClientId: directory.auditLogReadOnlyApp.clientId,
    auditLogReadOnlyClientSecret: directory.auditLogReadOnlyApp.secret as string,
    entraAuditQueryClientId: directory.entraAuditQueryApp.clientId,
    entraAuditQueryClientSecret: directory.entraAuditQueryApp.secret as string,
    loginUrl: origins.login,
    tokenUrl: `${origins.login}/${tenantId}/oauth2/v2.0/token`,
    managementUrl: origins.management,
    graphUrl: origins.graph,
    reportingUrl: origins.reporting,
    caCertPem: pki.caCertPem,
    caCertFile,
    incident: tenant.incident,
    control,
    issueCertificate: (hosts) => pki.issueServerCertificate(hosts),
    async close() {
      await Promise.all(listeners.map(([, server]) => close(server)));
      await rm(caDir, { recursive: true, force: true });
    },
  };
}

/** The Graph listener: the audit search's paths to its route, everything else to message trace. */
function graphHandler(auditSearch: RouteHandler, messageTrace: RouteHandler): RouteHandler {
  return (req, ctx) => (isAuditSearchPath(req.url) ? auditSearch : messageTrace)(req, ctx);
}

function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve(`https://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
