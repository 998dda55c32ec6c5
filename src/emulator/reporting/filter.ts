// Reporting Web Service $filter (o365-api.md 2.3): `Field eq literal` clauses joined by `and`, with
// datetime'...' for StartDate/EndDate and guid'...' for MessageTraceId. Other operators are
// UNCONFIRMED for this service, so they are refused with 400.
import { ODataSyntaxError, type Token, TokenStream, tokenize } from "../odata/lexer.js";

export interface ReportingClause {
  field: string;
  value: string | Date;
}

export type FieldType = "string" | "datetime" | "guid" | "int";

/** datetime'YYYY-MM-DDTHH:MM[:SS[.fff]][Z]': OData v2 has no offset, so the value is read as UTC. */
function parseDateTime(text: string): Date {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,7})?)?)Z?$/i.exec(text.trim());
  const date = match ? new Date(`${match[1]}Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()))
    throw new ODataSyntaxError(`Unrecognized 'Edm.DateTime' literal 'datetime'${text}''.`);
  return date;
}

function literal(field: string, type: FieldType, token: Token): string | Date {
  if (token.kind === "string") {
    const prefix = token.prefix ?? "";
    if (type === "datetime" && prefix === "datetime") return parseDateTime(token.value);
    if (type === "guid" && prefix === "guid") {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token.value)) {
        throw new ODataSyntaxError(`Unrecognized 'Edm.Guid' literal 'guid'${token.value}''.`);
      }
      return token.value;
    }
    if (type === "string" && prefix === "") return token.value;
  }
  if (type === "int" && token.kind === "word" && /^\d+$/.test(token.value)) return token.value;
  const expected = { string: "Edm.String", datetime: "Edm.DateTime", guid: "Edm.Guid", int: "Edm.Int32" }[
    type
  ];
  throw new ODataSyntaxError(
    `Operator 'eq' incompatible with operand types '${expected}' for property '${field}'.`,
  );
}

/** Parses the filter against the report's fields (name -> type); field names are case-sensitive. */
export function parseReportingFilter(text: string, fields: Record<string, FieldType>): ReportingClause[] {
  const stream = new TokenStream(tokenize(text));
  const clauses: ReportingClause[] = [];
  do {
    const field = stream.next();
    if (field.kind !== "word")
      throw new ODataSyntaxError("Syntax error in $filter: expected a property name.");
    const type = Object.hasOwn(fields, field.value) ? fields[field.value] : undefined;
    if (!type) throw new ODataSyntaxError(`No property '${field.value}' exists in type 'TenantReporting'.`);
    const op = stream.next();
    if (op.kind !== "word" || op.value !== "eq") {
      throw new ODataSyntaxError(`Only the 'eq' operator is supported in this report's $filter.`);
    }
    clauses.push({ field: field.value, value: literal(field.value, type, stream.next()) });
  } while (stream.keyword("and"));
  if (!stream.done()) throw new ODataSyntaxError("Syntax error in $filter: only 'and' may join conditions.");
  return clauses;
}
