// A small OData $filter tokenizer shared by the Graph (v4) and Reporting Web Service (v2) dialects.
// It knows literals and punctuation only; each dialect's parser decides what is allowed.

export type Token =
  | { kind: "(" | ")" | "," }
  /** A quoted literal, with its type prefix when written like datetime'...' or guid'...'. */
  | { kind: "string"; value: string; prefix?: string }
  /** A bare word: a property, an operator, a function name or an unquoted literal (number, date). */
  | { kind: "word"; value: string };

export class ODataSyntaxError extends Error {}

function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === "'") {
      // '' is an escaped quote inside a literal.
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += text[i];
    i++;
  }
  throw new ODataSyntaxError("Unterminated string literal.");
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ kind: ch });
      i++;
    } else if (ch === "'") {
      const { value, end } = readQuoted(text, i);
      tokens.push({ kind: "string", value });
      i = end;
    } else {
      const match = /^[^\s(),']+/.exec(text.slice(i))!;
      const word = match[0];
      i += word.length;
      if (text[i] === "'" && /^[A-Za-z]+$/.test(word)) {
        const { value, end } = readQuoted(text, i);
        tokens.push({ kind: "string", value, prefix: word.toLowerCase() });
        i = end;
      } else {
        tokens.push({ kind: "word", value: word });
      }
    }
  }
  return tokens;
}

/** Reads tokens in order; `expect` throws the dialect-neutral syntax error. */
export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new ODataSyntaxError("Unexpected end of $filter expression.");
    return token;
  }

  done(): boolean {
    return this.index >= this.tokens.length;
  }

  expect(kind: Token["kind"]): Token {
    const token = this.next();
    if (token.kind !== kind) throw new ODataSyntaxError(`Syntax error: expected '${kind}' in $filter.`);
    return token;
  }

  /** True (and consumed) when the next token is the keyword, compared case-insensitively. */
  keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === "word" && token.value.toLowerCase() === word) {
      this.index++;
      return true;
    }
    return false;
  }
}
