// DLP.All records: DlpRuleMatch with PolicyDetails (o365-api.md 1.9, DLP). UserKey is always
// "DlpAgent"; Exchange matches are RecordType 13, SharePoint/OneDrive matches RecordType 11.
import { TENANT_DOMAIN } from "../directory.js";
import { baseRecord, messageId, type RecordGenerator, UserType } from "./common.js";

const POLICIES = [
  { name: "U.S. Financial Data", type: "Credit Card Number", typeId: "50842eb7-edc8-4019-85dd-5a5c1f2bb085" },
  { name: "GDPR Personal Data", type: "EU Passport Number", typeId: "21883626-6245-4f3d-9b61-5cbb43e625ee" },
  {
    name: "U.S. PII",
    type: "U.S. Social Security Number (SSN)",
    typeId: "a44669fe-0d48-453d-a9b1-2cc83f2cba77",
  },
];

export const dlpRecord: RecordGenerator = (rng, time, ctx) => {
  const person = rng.pick(ctx.dir.people);
  const policy = rng.pick(POLICIES);
  const exchange = rng.chance(0.5);
  const site = rng.pick(ctx.dir.sites);
  const fileName = rng.pick(site.files);
  const policyDetails = [
    {
      PolicyId: rng.guid(),
      PolicyName: policy.name,
      Rules: [
        {
          RuleId: rng.guid(),
          RuleName: rng.chance(0.7) ? "Low volume of content detected" : "High volume of content detected",
          Actions: rng.chance(0.8) ? ["NotifyUser"] : ["BlockAccess", "NotifyUser"],
          ConditionsMatched: {
            ConditionMatchedInNewScheme: true,
            SensitiveInformation: [
              {
                Confidence: 85,
                Count: rng.int(1, 12),
                SensitiveType: policy.typeId,
                SensitiveInformationTypeName: policy.type,
              },
            ],
          },
          ManagementRuleId: rng.guid(),
          RuleMode: "Enable",
          Severity: rng.pick(["Low", "Medium", "High"]),
        },
      ],
    },
  ];
  const base = baseRecord(rng, ctx, {
    time,
    recordType: exchange ? 13 : 11,
    operation: "DlpRuleMatch",
    workload: exchange ? "Exchange" : "SharePoint",
    userId: person.upn,
    userKey: "DlpAgent",
    userType: UserType.System,
    clientIp: null,
    objectId: exchange ? messageId(rng, TENANT_DOMAIN) : `${site.url}/Shared Documents/${fileName}`,
  });
  const metadata = exchange
    ? {
        ExchangeMetaData: {
          MessageID: base.ObjectId,
          From: person.upn,
          To: [`partner@${rng.pick(["fabrikam.example", "northwind.example"])}`],
          CC: [],
          BCC: [],
          Subject: rng.pick(["Payment details", "Customer list", "Re: passport copy"]),
          Sent: `${time.toISOString().slice(0, 19)}`,
          RecipientCount: 1,
          UniqueID: rng.guid(),
        },
      }
    : {
        SharePointMetaData: {
          From: person.upn,
          FileName: fileName,
          FilePathUrl: base.ObjectId,
          FileOwner: person.displayName,
          SiteCollectionGuid: site.siteId,
          SiteCollectionUrl: site.url,
          UniqueID: rng.guid(),
          ItemCreationTime: time.toISOString().slice(0, 19),
        },
      };
  return {
    ...base,
    IncidentId: rng.guid(),
    PolicyDetails: policyDetails,
    SensitiveInfoDetectionIsIncluded: false,
    ...metadata,
  };
};
