/**
 * The arithmetic of a formula rule (DOMAIN §4.10), read by a small recursive-descent parser
 * and computed in exact decimals: never eval/Function, because the expression is text the
 * evaluator typed or a sheet carried.
 *
 * Grammar: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary)*;
 * unary := ('+'|'-') unary | postfix; postfix := primary '%'*; primary := number | name | '(' sum ')'.
 * × ÷ （ ） － ＋ and full-width digits are accepted; a name is letters (Chinese included),
 * digits and '_' not starting with a digit. Variables are looked up as own properties only,
 * so "constructor" or "__proto__" are just unknown names.
 */
import { Decimal, decFromText, plain } from './decimal.ts';

export type ExpressionResult = { ok: true; value: string } | { ok: false; error: string };

type Token =
  | { t: 'num'; v: Decimal; at: number }
  | { t: 'name'; v: string; at: number }
  | { t: 'op'; v: '+' | '-' | '*' | '/' | '(' | ')' | '%'; at: number };

class ExprError extends Error {}

const OPS: Record<string, '+' | '-' | '*' | '/' | '(' | ')' | '%'> = {
  '+': '+', '-': '-', '*': '*', '/': '/', '(': '(', ')': ')', '%': '%',
  '×': '*', '÷': '/', '−': '-', '·': '*', 'x': '*', 'X': '*',
};

function tokenize(src: string): Token[] {
  const s = src.normalize('NFKC');
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    if (/\s/.test(ch)) { i++; continue; }
    const num = /^(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)/.exec(s.slice(i));
    if (num) {
      tokens.push({ t: 'num', v: new Decimal(num[0].replace(/,/g, '')), at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(s.slice(i));
    // 'x'/'X' alone between operands is a multiplication sign, as people type "3x2".
    if (name && !(name[0] === 'x' || name[0] === 'X')) {
      tokens.push({ t: 'name', v: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPS[ch];
    if (op) {
      tokens.push({ t: 'op', v: op, at: i });
      i++;
      continue;
    }
    throw new ExprError(`第 ${i + 1} 个字符“${ch}”无法识别`);
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly vars: Record<string, Decimal>) {}

  parse(): Decimal {
    if (this.tokens.length === 0) throw new ExprError('公式为空');
    const v = this.sum();
    const extra = this.tokens[this.i];
    if (extra) throw new ExprError(`第 ${extra.at + 1} 个字符处多余的“${extra.t === 'num' ? plain(extra.v) : extra.v}”`);
    return v;
  }

  private peekOp(...ops: string[]): string | null {
    const tok = this.tokens[this.i];
    return tok && tok.t === 'op' && ops.includes(tok.v) ? tok.v : null;
  }

  private sum(): Decimal {
    let v = this.product();
    for (let op = this.peekOp('+', '-'); op; op = this.peekOp('+', '-')) {
      this.i++;
      const r = this.product();
      v = op === '+' ? v.plus(r) : v.minus(r);
    }
    return v;
  }

  private product(): Decimal {
    let v = this.unary();
    for (let op = this.peekOp('*', '/'); op; op = this.peekOp('*', '/')) {
      this.i++;
      const r = this.unary();
      if (op === '/') {
        if (r.isZero()) throw new ExprError('除数为 0');
        v = v.dividedBy(r);
      } else {
        v = v.times(r);
      }
    }
    return v;
  }

  private unary(): Decimal {
    const op = this.peekOp('+', '-');
    if (op) {
      this.i++;
      const v = this.unary();
      return op === '-' ? v.negated() : v;
    }
    return this.postfix();
  }

  private postfix(): Decimal {
    let v = this.primary();
    while (this.peekOp('%')) {
      this.i++;
      v = v.dividedBy(100);
    }
    return v;
  }

  private primary(): Decimal {
    const tok = this.tokens[this.i];
    if (!tok) throw new ExprError('公式不完整：结尾缺少数值');
    this.i++;
    if (tok.t === 'num') return tok.v;
    if (tok.t === 'name') {
      if (!Object.prototype.hasOwnProperty.call(this.vars, tok.v)) throw new ExprError(`未定义的变量“${tok.v}”`);
      return this.vars[tok.v] as Decimal;
    }
    if (tok.v === '(') {
      const v = this.sum();
      if (!this.peekOp(')')) throw new ExprError(`第 ${tok.at + 1} 个字符处的括号没有闭合`);
      this.i++;
      return v;
    }
    throw new ExprError(`第 ${tok.at + 1} 个字符处不应出现“${tok.v}”`);
  }
}

/** A variable value: a decimal number, optionally a percent ("85.20%") or with separators. */
function variableValue(name: string, text: string): Decimal {
  const t = String(text).normalize('NFKC').replace(/[\s,]/g, '');
  const pct = t.endsWith('%');
  const d = decFromText(pct ? t.slice(0, -1) : t);
  if (d === null) throw new ExprError(`变量“${name}”的值“${text}”不是数值`);
  return pct ? d.dividedBy(100) : d;
}

/** Parse and compute with decimal Values already in hand (the formula rule uses this). */
export function computeExpression(expression: string, vars: Record<string, Decimal>): { ok: true; value: Decimal } | { ok: false; error: string } {
  try {
    if (typeof expression !== 'string') return { ok: false, error: '公式为空' };
    return { ok: true, value: new Parser(tokenize(expression), vars).parse() };
  } catch (e) {
    return { ok: false, error: e instanceof ExprError ? e.message : '公式无法计算' };
  }
}

/**
 * Compute `expression` over named decimal values: evaluateExpression("A×2+B×4", {A: "0.95", B: "0.88"})
 * → { ok: true, value: "5.42" }. Errors are values with a Chinese message, never a throw.
 */
export function evaluateExpression(expression: string, variables: Record<string, string>): ExpressionResult {
  const vars: Record<string, Decimal> = Object.create(null) as Record<string, Decimal>;
  try {
    for (const name of Object.keys(variables ?? {})) vars[name] = variableValue(name, variables[name] as string);
  } catch (e) {
    return { ok: false, error: e instanceof ExprError ? e.message : '变量无法识别' };
  }
  const r = computeExpression(expression, vars);
  return r.ok ? { ok: true, value: plain(r.value) } : r;
}
