// Every rule of find_suspicious_activity, one line each: a contributor adds a folder rules/<id>/rule.ts and
// one line here (test/findings/rule-index.test.ts checks every folder is listed and ids match folders).
import type { Rule } from "../types.js";
import aitmClient from "./aitm-client/rule.js";
import anonymousLinkSensitive from "./anonymous-link-sensitive/rule.js";
import appCredentialsAdded from "./app-credentials-added/rule.js";
import auditEvasion from "./audit-evasion/rule.js";
import authMethodChanged from "./auth-method-changed/rule.js";
import fileDownloadMass from "./file-download-mass/rule.js";
import fileDownloadNewIp from "./file-download-new-ip/rule.js";
import inboxRuleDeleteOrMarkRead from "./inbox-rule-delete-or-mark-read/rule.js";
import inboxRuleForwardExternal from "./inbox-rule-forward-external/rule.js";
import inboxRuleHidingFolder from "./inbox-rule-hiding-folder/rule.js";
import inboxRuleSuspiciousName from "./inbox-rule-suspicious-name/rule.js";
import mailAccessBulk from "./mail-access-bulk/rule.js";
import mailAccessNewIp from "./mail-access-new-ip/rule.js";
import mailboxDelegation from "./mailbox-delegation/rule.js";
import mailboxForwardingExternal from "./mailbox-forwarding-external/rule.js";
import massDelete from "./mass-delete/rule.js";
import oauthConsent from "./oauth-consent/rule.js";
import sendBurst from "./send-burst/rule.js";
import sessionMultipleIps from "./session-multiple-ips/rule.js";
import signInNewIpAfterFailures from "./sign-in-new-ip-after-failures/rule.js";
import transportRuleExternal from "./transport-rule-external/rule.js";

export const RULES: readonly Rule[] = [
  aitmClient,
  anonymousLinkSensitive,
  appCredentialsAdded,
  auditEvasion,
  authMethodChanged,
  fileDownloadMass,
  fileDownloadNewIp,
  inboxRuleDeleteOrMarkRead,
  inboxRuleForwardExternal,
  inboxRuleHidingFolder,
  inboxRuleSuspiciousName,
  mailAccessBulk,
  mailAccessNewIp,
  mailboxDelegation,
  mailboxForwardingExternal,
  massDelete,
  oauthConsent,
  sendBurst,
  sessionMultipleIps,
  signInNewIpAfterFailures,
  transportRuleExternal,
];
