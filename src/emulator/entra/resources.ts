// The resource identifiers each emulated service answers to. Microsoft's tokens name the resource, not the
// host (o365-api.md 4.2): a client written from the docs asks for https://manage.office.com/.default and so
// on, so the emulator accepts those beside its own listener origins. The Reporting Web Service takes
// Exchange Online's tokens, so its Microsoft audience differs from its host (o365-api.md 2.2).
import type { EmuOrigins } from "../routing.js";
import type { ResourceName } from "./directory.js";

export const MICROSOFT_RESOURCES: Record<ResourceName, string> = {
  management: "https://manage.office.com",
  graph: "https://graph.microsoft.com",
  reporting: "https://outlook.office365.com",
};

export const RESOURCE_NAMES: readonly ResourceName[] = ["management", "graph", "reporting"];

/** The audiences a service accepts: Microsoft's resource identifier first, then the emulator's origin. */
export function audiencesOf(resource: ResourceName, origins: EmuOrigins): string[] {
  return [MICROSOFT_RESOURCES[resource], origins[resource]];
}

/** The service a resource identifier (an audience, or a v1 `resource` value) names, if any. */
export function resourceNamed(identifier: string, origins: EmuOrigins): ResourceName | undefined {
  const id = identifier.replace(/\/+$/, "").toLowerCase();
  return RESOURCE_NAMES.find((r) => audiencesOf(r, origins).some((a) => a.toLowerCase() === id));
}
