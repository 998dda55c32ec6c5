// Access to another mailbox granted: FullAccess, SendAs, or a folder permission on the Inbox or the top
// of the store. Attackers keep reading a mailbox through a second account this way.
import { perRecord } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { operationOf, param, userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

const OPERATIONS = ["Add-MailboxPermission", "Add-RecipientPermission", "Add-MailboxFolderPermission"];

export default defineRule({
  id: "mailbox-delegation",
  title: "Mailbox access delegated to another account",
  severity: "medium",
  mitre: { id: "T1098.002", name: "Account Manipulation: Additional Email Delegate Permissions" },
  operations: OPERATIONS,
  params: {},
  detect: perRecord((record) => {
    const op = operationOf(record).toLowerCase();
    const rights = param(record, "AccessRights") ?? "";
    const identity = param(record, "Identity") ?? String(record.ObjectId ?? "");
    const grantee = param(record, "User") ?? param(record, "Trustee") ?? "";
    let what: string | undefined;
    if (op === "add-mailboxpermission" && /fullaccess/i.test(rights)) what = "FullAccess";
    else if (op === "add-recipientpermission" && /sendas/i.test(rights)) what = "SendAs";
    else if (
      op === "add-mailboxfolderpermission" &&
      /:\\?(inbox)?\s*$|top of information store/i.test(identity)
    )
      what = `${rights || "folder"} on ${identity}`;
    if (!what) return undefined;
    return { values: { actor: userOf(record), grantee, mailbox: identity, what } };
  }),
  reason: ({ values: v }) => `${v.actor} granted ${v.grantee} ${v.what} to mailbox ${v.mailbox}.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.grantee || v.actor)] }),
});
