// Audit.General records: every workload outside Exchange, SharePoint and Entra. Mostly Teams
// (RecordType 25), plus Power BI (20), Forms (66) and Copilot (261) (o365-api.md 1.3, 1.9).
import { OFFICE_IPS } from "../directory.js";
import { type AuditRecord, baseRecord, type RecordGenerator, UserType, usualIp } from "./common.js";

const TEAMS = [
  { name: "Finance Team", id: "19:finance@thread.tacv2" },
  { name: "Engineering", id: "19:engineering@thread.tacv2" },
  { name: "All Company", id: "19:allcompany@thread.tacv2" },
];

export const generalRecord: RecordGenerator = (rng, time, ctx) => {
  const person = rng.pick(ctx.dir.people);
  const ip = usualIp(rng, person, OFFICE_IPS);
  const kind = rng.weighted([
    ["teams", 70],
    ["powerbi", 12],
    ["forms", 8],
    ["copilot", 10],
  ] as const);
  const common = {
    time,
    userId: person.upn,
    userKey: person.objectId,
    userType: UserType.Regular,
    clientIp: ip,
  };
  if (kind === "teams") {
    const team = rng.pick(TEAMS);
    const operation = rng.weighted([
      ["TeamsSessionStarted", 40],
      ["MessageSent", 35],
      ["MemberAdded", 5],
      ["ChatCreated", 10],
      ["MeetingParticipantDetail", 10],
    ] as const);
    const record: AuditRecord = {
      ...baseRecord(rng, ctx, { ...common, recordType: 25, operation, workload: "MicrosoftTeams" }),
      ResultStatus: "Succeeded",
      CommunicationType: operation === "ChatCreated" ? "OneOnOne" : "Team",
      ItemName: team.name,
      TeamName: team.name,
      TeamGuid: team.id,
      ChannelName: "General",
    };
    if (operation === "MemberAdded") record.Members = [{ UPN: rng.pick(ctx.dir.people).upn, Role: 1 }];
    return record;
  }
  if (kind === "powerbi") {
    return {
      ...baseRecord(rng, ctx, { ...common, recordType: 20, operation: "ViewReport", workload: "PowerBI" }),
      Activity: "ViewReport",
      ItemName: rng.pick(["Sales pipeline", "Headcount", "Support SLA"]),
      WorkSpaceName: "Reporting",
      ReportId: rng.guid(),
      UserAgent: person.device.userAgent,
      IsSuccess: true,
    };
  }
  if (kind === "forms") {
    return {
      ...baseRecord(rng, ctx, {
        ...common,
        recordType: 66,
        operation: "ViewForm",
        workload: "MicrosoftForms",
      }),
      FormId: rng.hex(40),
      FormName: rng.pick(["Team offsite survey", "IT feedback"]),
      FormsUserType: "Respondent",
    };
  }
  return {
    ...baseRecord(rng, ctx, {
      ...common,
      recordType: 261,
      operation: "CopilotInteraction",
      workload: "Copilot",
    }),
    AppIdentity: "Copilot.MicrosoftCopilot.BizChat",
    CopilotEventData: {
      AppHost: "Bing",
      Contexts: [],
      AccessedResources: [],
      ThreadId: `19:${rng.hex(32)}@thread.v2`,
    },
  };
};
