// Graph message trace $filter (o365-api.md 3.2): eq on id, messageId, senderAddress, recipientAddress,
// fromIP, toIP, status; ge/le on receivedDateTime; contains/startsWith/endsWith on subject; `and` only.
import { ODataSyntaxError, type Token, TokenStream, tokenize } from "../odata/lexer.js";

export const GRAPH_EQ_PROPERTIES = [
  "id",
  "messageId",
  "senderAddress",
  "recipientAddress",
  "fromIP",
  "toIP",
  "status",
] as const;
export type GraphEqProperty = (typeof GRAPH_EQ_PROPERTIES)[number];

export type GraphClause =
  | { kind: "eq"; property: GraphEqProperty; value: string }
  | { kind: "received"; op: "ge" | "le"; value: Date }
  | { kind: "subject"; fn: "contains" | "startswith" | "endswith"; value: string };

const SUBJECT_FUNCTIONS = ["contains", "startswith", "endswith"] as const;

function canonicalEq(name: string): GraphEqProperty | undefined {
  return GRAPH_EQ_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
}

function literalText(token: Token): string {
  if (token.kind === "string") return token.value;
  if (token.kind === "word") return token.value;
  throw new ODataSyntaxError("Syntax error: expected a literal in $filter.");
}

/** ISO-8601 with an explicit offset or Z, as Graph's DateTimeOffset literal requires. */
function parseDateTimeOffset(text: string): Date {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i.test(text)) {
    throw new ODataSyntaxError(
      `The DateTimeOffset text '${text}' should be in format 'yyyy-mm-ddThh:mm:ss('.'s+)?(zzzzzz)?'.`,
    );
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new ODataSyntaxError(`Invalid DateTimeOffset '${text}'.`);
  return date;
}

function parseClause(stream: TokenStream): GraphClause {
  const head = stream.next();
  if (head.kind === "(") {
    const inner = parseClause(stream);
    stream.expect(")");
    return inner;
  }
  if (head.kind !== "word")
    throw new ODataSyntaxError("Syntax error: expected a property or function in $filter.");
  const fn = SUBJECT_FUNCTIONS.find((f) => f === head.value.toLowerCase());
  if (fn && stream.peek()?.kind === "(") {
    stream.expect("(");
    const property = stream.expect("word") as Extract<Token, { kind: "word" }>;
    if (property.value.toLowerCase() !== "subject") {
      throw new ODataSyntaxError(`Function '${head.value}' is supported on 'subject' only.`);
    }
    stream.expect(",");
    const value = stream.expect("string") as Extract<Token, { kind: "string" }>;
    stream.expect(")");
    return { kind: "subject", fn, value: value.value };
  }
  const op = stream.next();
  if (op.kind !== "word") throw new ODataSyntaxError("Syntax error: expected an operator in $filter.");
  const operator = op.value.toLowerCase();
  if (head.value.toLowerCase() === "receiveddatetime") {
    if (operator !== "ge" && operator !== "le") {
      throw new ODataSyntaxError(
        `Operator '${op.value}' is not supported on receivedDateTime; use ge and le.`,
      );
    }
    return { kind: "received", op: operator, value: parseDateTimeOffset(literalText(stream.next())) };
  }
  const property = canonicalEq(head.value);
  if (!property)
    throw new ODataSyntaxError(
      `Could not find a property named '${head.value}' on type 'microsoft.graph.exchangeMessageTrace'.`,
    );
  if (operator !== "eq")
    throw new ODataSyntaxError(`Operator '${op.value}' is not supported on ${property}; use eq.`);
  const value = stream.next();
  if (value.kind !== "string" && !(property === "id" && value.kind === "word")) {
    throw new ODataSyntaxError(`Syntax error: ${property} must be compared with a quoted string.`);
  }
  return { kind: "eq", property, value: literalText(value) };
}

/** Parses a Graph $filter; throws ODataSyntaxError on anything outside the documented subset. */
export function parseGraphFilter(text: string): GraphClause[] {
  const stream = new TokenStream(tokenize(text));
  const clauses = [parseClause(stream)];
  while (!stream.done()) {
    if (stream.keyword("and")) {
      clauses.push(parseClause(stream));
      continue;
    }
    if (stream.keyword("or"))
      throw new ODataSyntaxError("The 'or' operator is not supported in message trace queries.");
    throw new ODataSyntaxError("Syntax error at the end of $filter: expected 'and'.");
  }
  return clauses;
}
