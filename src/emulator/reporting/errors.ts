// The Reporting Web Service's error answers (o365-api.md 2.8): IIS's HTML 401 page, the service's own
// {ErrorCode,Message} fault, WCF Data Services' OData error and the ServiceFault XML of a bad version.
import { type EmuResponse, jsonResponse } from "../routing.js";

const IIS_401 = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>401 - Unauthorized: Access is denied due to invalid credentials.</title>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>
  <h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>
 </fieldset></div>
</div>
</body>
</html>
`;

/** Thrown inside the reporting route; its response is the answer. */
export class ReportingError extends Error {
  constructor(
    readonly response: EmuResponse,
    message = "",
    /** Set for OData errors: JSON light writes them under "odata.error" instead (see odataLightError). */
    readonly odataMessage?: string,
  ) {
    super(message);
  }
}

/** JSON light's error body, as captured on a 400 (o365-api.md 2.8, elastic/integrations#8633). */
export const odataLightError = (message: string): EmuResponse =>
  jsonResponse(400, { "odata.error": { code: "", message: { lang: "en-US", value: message } } });

/** The service's own fault shape, OBSERVED on 403 (o365-api.md 2.2, 2.8). */
export const serviceFault = (status: number, message: string): ReportingError =>
  new ReportingError(jsonResponse(status, { ErrorCode: "", Message: message }));

/** WCF Data Services' error for bad OData (field names UNCONFIRMED for this service, o365-api.md 2.8). */
export const badRequest = (message: string): ReportingError =>
  new ReportingError(
    jsonResponse(400, { error: { code: "", message: { lang: "en-US", value: message } } }),
    message,
    message,
  );

/** IIS refuses a missing, invalid or foreign-tenant token before the service runs. */
export const unauthorized = (): ReportingError =>
  new ReportingError({
    status: 401,
    headers: {
      "Content-Type": "text/html",
      "WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common"',
    },
    body: IIS_401,
  });

export const unsupportedVersion = (): ReportingError =>
  new ReportingError({
    status: 400,
    headers: { "Content-Type": "application/xml; charset=utf-8" },
    body: '<?xml version="1.0" encoding="utf-8"?><ServiceFault xmlns="http://schemas.microsoft.com/exchange/services/2006/errors"><Message>The version specified in the request is unsupported.</Message></ServiceFault>',
  });
