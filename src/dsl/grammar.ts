// The Warden grammar as a chevrotain CstParser: grammar only, no semantic actions. The CST is turned
// into the AST by cst-to-ast.ts, the only other code that knows the grammar's shape.
// grammar/warden.ebnf is the same grammar written out; grammar/railroad.html is drawn from this one.
import type { IOrAlt, IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { CstParser, EOF, tokenMatcher } from './chevrotain.js';
import * as T from './lexer.js';

const { Kw } = T;

/** How a token type is named in "expected ..." messages. */
export function tokenDisplay(t: TokenType): string {
  if (t === EOF) return 'end of file';
  if (t.name.startsWith('Kw_')) return `'${t.name.slice(3)}'`;
  const names: Record<string, string> = {
    Identifier: 'a name',
    StringLit: 'a string',
    NumberLit: 'a number',
    DateLit: 'a date (yyyy-mm-dd)',
    ThreatId: 'a threat id (TH-xxxxxxxx)',
    Arrow: "'->'",
    EqEq: "'=='",
    NotEq: "'!='",
    LtEq: "'<='",
    GtEq: "'>='",
    Lt: "'<'",
    Gt: "'>'",
    Equals: "'='",
    LCurly: "'{'",
    RCurly: "'}'",
    LBracket: "'['",
    RBracket: "']'",
    LParen: "'('",
    RParen: "')'",
    Comma: "','",
    Colon: "':'",
    Dot: "'.'",
  };
  return names[t.name] ?? t.name;
}

export function tokenText(t: IToken): string {
  if (t.tokenType === EOF) return 'end of file';
  const img = t.image.length > 30 ? t.image.slice(0, 30) + '…' : t.image;
  return `'${img}'`;
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Short messages in Warden's voice; the parser adds the code and span. */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    if (expected === EOF) return `unexpected ${tokenText(actual)}: expected a statement`;
    return `expected ${tokenDisplay(expected)} but found ${tokenText(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${tokenText(firstRedundant)}: expected a statement`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const firsts = uniq(expectedPathsPerAlt.flatMap((alt) => alt.map((path) => (path[0] ? tokenDisplay(path[0]) : 'end of file'))));
    const what = ruleName === 'statement' ? 'a statement' : ruleName === 'value' ? 'a value' : firsts.slice(0, 6).join(', ');
    return `unexpected ${tokenText(actual[0])}: expected ${what}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const firsts = uniq(expectedIterationPaths.map((p) => (p[0] ? tokenDisplay(p[0]) : 'end of file')));
    return `unexpected ${tokenText(actual[0])}: expected ${firsts.join(', ')}`;
  },
};

export class WardenGrammar extends CstParser {
  // Alternatives arrays are built once and reused: chevrotain's advice for speed, since OR() would
  // otherwise allocate its closures on every call (per statement, per value).
  private alts: IOrAlt<unknown>[][] = [];

  /** `validate` runs chevrotain's grammar checks (slow: hundreds of ms); the tests do, the CLI does not. */
  constructor(validate = false) {
    super(T.allTokens, { recoveryEnabled: true, nodeLocationTracking: 'onlyOffset', maxLookahead: 1, errorMessageProvider: errorMessages, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  public file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  // Element declarations start with any identifier (the kind name), so they come last and ignore the
  // ambiguity with keyword statements: `data X` is a data asset, never an element of kind `data`.
  public statement = this.RULE('statement', () => {
    this.OR((this.alts[0] ??= [
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.useDecl) },
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.boundaryDecl) },
      { ALT: () => this.SUBRULE(this.flowDecl) },
      { ALT: () => this.SUBRULE(this.kindDecl) },
      { ALT: () => this.SUBRULE(this.controlDecl) },
      { ALT: () => this.SUBRULE(this.threatDecl) },
      { ALT: () => this.SUBRULE(this.mitigateStmt) },
      { ALT: () => this.SUBRULE(this.acceptStmt) },
      { ALT: () => this.SUBRULE(this.notApplicableStmt) },
      { ALT: () => this.SUBRULE(this.waiveStmt) },
      { ALT: () => this.SUBRULE(this.elementDecl), IGNORE_AMBIGUITIES: true },
    ]));
  });

  public modelDecl = this.RULE('modelDecl', () => {
    this.CONSUME(Kw.model);
    this.CONSUME(T.StringLit);
    this.OPTION(() => this.SUBRULE(this.block));
  });

  public useDecl = this.RULE('useDecl', () => {
    this.CONSUME(Kw.use);
    this.CONSUME(T.StringLit);
  });

  public dataDecl = this.RULE('dataDecl', () => {
    this.CONSUME(Kw.data);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  public boundaryDecl = this.RULE('boundaryDecl', () => {
    this.CONSUME(Kw.boundary);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
    this.OPTION2(() => {
      this.CONSUME(Kw.in);
      this.CONSUME2(T.Identifier, { LABEL: 'parent' });
    });
    this.OPTION3(() => {
      this.CONSUME(T.LCurly);
      this.MANY(() => this.SUBRULE(this.boundaryMember));
      this.CONSUME(T.RCurly);
    });
  });

  // Inside a boundary block, `trust high` is an attribute and `workload Api in X { ... }` an element.
  // Two names followed by a title, `in` or a block are an element (`tags ["a"]` is not: its second
  // token is no name); otherwise the line is read as an
  // attribute, and the checker turns `actor Customer` back into an element when `actor` is a kind.
  public boundaryMember = this.RULE('boundaryMember', () => {
    this.OR((this.alts[1] ??= [
      { ALT: () => this.SUBRULE(this.boundaryDecl) },
      { ALT: () => this.SUBRULE(this.flowDecl) },
      { ALT: () => this.SUBRULE(this.dataDecl) },
      {
        GATE: () => {
          const la3 = this.LA(3).tokenType;
          return tokenMatcher(this.LA(2), T.Identifier) && (la3 === T.StringLit || la3 === Kw.in || la3 === T.LCurly);
        },
        ALT: () => this.SUBRULE(this.elementDecl),
        IGNORE_AMBIGUITIES: true,
      },
      { ALT: () => this.SUBRULE(this.attribute), IGNORE_AMBIGUITIES: true },
    ]));
  });

  public elementDecl = this.RULE('elementDecl', () => {
    this.CONSUME(T.Identifier, { LABEL: 'kindName' });
    this.CONSUME2(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
    this.OPTION2(() => {
      this.CONSUME(Kw.in);
      this.CONSUME3(T.Identifier, { LABEL: 'parent' });
    });
    this.OPTION3(() => this.SUBRULE(this.block));
  });

  public flowDecl = this.RULE('flowDecl', () => {
    this.CONSUME(Kw.flow);
    // `flow Name: A -> B` vs `flow A -> B`: the only place two tokens of lookahead are needed
    // (the grammar runs with one, which keeps start-up analysis cheap).
    this.OPTION({
      MAX_LOOKAHEAD: 2,
      DEF: () => {
        this.CONSUME(T.Identifier, { LABEL: 'name' });
        this.CONSUME(T.Colon);
      },
    });
    this.CONSUME2(T.Identifier, { LABEL: 'from' });
    this.CONSUME(T.Arrow);
    this.CONSUME3(T.Identifier, { LABEL: 'to' });
    this.OPTION2(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
    this.OPTION3(() => this.SUBRULE(this.block));
  });

  public block = this.RULE('block', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.attribute));
    this.CONSUME(T.RCurly);
  });

  public attribute = this.RULE('attribute', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.SUBRULE(this.value);
  });

  public value = this.RULE('value', () => {
    this.OR((this.alts[2] ??= [
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.DateLit) },
      { ALT: () => this.CONSUME(T.ThreatId) },
      { ALT: () => this.CONSUME(Kw.true) },
      { ALT: () => this.CONSUME(Kw.false) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.identOrCall), IGNORE_AMBIGUITIES: true },
    ]));
  });

  public list = this.RULE('list', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.value);
      });
    });
    this.CONSUME(T.RBracket);
  });

  public identOrCall = this.RULE('identOrCall', () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.value);
        this.MANY(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.value);
        });
      });
      this.CONSUME(T.RParen);
    });
  });

  public kindDecl = this.RULE('kindDecl', () => {
    this.CONSUME(Kw.kind);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.CONSUME(Kw.extends);
      this.CONSUME2(T.Identifier, { LABEL: 'parent' });
    });
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.kindItem));
    this.CONSUME(T.RCurly);
  });

  public kindItem = this.RULE('kindItem', () => {
    this.OR((this.alts[3] ??= [
      {
        ALT: () => {
          this.CONSUME(Kw.requires);
          this.CONSUME(Kw.boundary);
        },
      },
      { ALT: () => this.SUBRULE(this.attrDecl) },
      { ALT: () => this.SUBRULE(this.attribute), IGNORE_AMBIGUITIES: true },
    ]));
  });

  public attrDecl = this.RULE('attrDecl', () => {
    this.OPTION(() => this.CONSUME(Kw.required));
    this.CONSUME(Kw.attr);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.value);
    });
  });

  public typeExpr = this.RULE('typeExpr', () => {
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => {
      this.OR((this.alts[4] ??= [
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.CONSUME2(T.Identifier, { LABEL: 'member' });
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.CONSUME3(T.Identifier, { LABEL: 'member' });
            });
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Lt);
            this.SUBRULE(this.typeExpr);
            this.CONSUME(T.Gt);
          },
        },
      ]));
    });
  });

  public controlDecl = this.RULE('controlDecl', () => {
    this.CONSUME(Kw.control);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR((this.alts[5] ??= [{ ALT: () => this.SUBRULE(this.paramDecl) }, { ALT: () => this.SUBRULE(this.attribute), IGNORE_AMBIGUITIES: true }]));
    });
    this.CONSUME(T.RCurly);
  });

  public paramDecl = this.RULE('paramDecl', () => {
    this.OPTION2(() => this.CONSUME(Kw.required));
    this.CONSUME(Kw.param);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.value);
    });
  });

  public threatDecl = this.RULE('threatDecl', () => {
    this.CONSUME(Kw.threat);
    this.CONSUME(T.Identifier, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR((this.alts[6] ??= [{ ALT: () => this.SUBRULE(this.whenClause) }, { ALT: () => this.SUBRULE(this.attribute), IGNORE_AMBIGUITIES: true }]));
    });
    this.CONSUME(T.RCurly);
  });

  public whenClause = this.RULE('whenClause', () => {
    this.CONSUME(Kw.when);
    this.SUBRULE(this.orExpr);
  });

  public orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(Kw.or);
      this.SUBRULE2(this.andExpr);
    });
  });

  public andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(Kw.and);
      this.SUBRULE2(this.notExpr);
    });
  });

  public notExpr = this.RULE('notExpr', () => {
    this.OR((this.alts[7] ??= [
      {
        ALT: () => {
          this.CONSUME(Kw.not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.compareExpr), IGNORE_AMBIGUITIES: true },
    ]));
  });

  public compareExpr = this.RULE('compareExpr', () => {
    this.SUBRULE(this.primary, { LABEL: 'left' });
    this.OPTION(() => {
      this.OR((this.alts[8] ??= [
        { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.LtEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.GtEq, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Lt, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(T.Gt, { LABEL: 'op' }) },
        { ALT: () => this.CONSUME(Kw.in, { LABEL: 'op' }) },
      ]));
      this.SUBRULE2(this.primary, { LABEL: 'right' });
    });
  });

  public primary = this.RULE('primary', () => {
    this.OR((this.alts[9] ??= [
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.orExpr);
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.condList) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.NumberLit) },
      { ALT: () => this.CONSUME(T.DateLit) },
      { ALT: () => this.CONSUME(Kw.true) },
      { ALT: () => this.CONSUME(Kw.false) },
      { ALT: () => this.SUBRULE(this.pathOrCall), IGNORE_AMBIGUITIES: true },
    ]));
  });

  public condList = this.RULE('condList', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.orExpr);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.orExpr);
      });
    });
    this.CONSUME(T.RBracket);
  });

  public pathOrCall = this.RULE('pathOrCall', () => {
    this.CONSUME(T.Identifier, { LABEL: 'segment' });
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier, { LABEL: 'segment' });
    });
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.orExpr);
        this.MANY2(() => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.orExpr);
        });
      });
      this.CONSUME(T.RParen);
    });
  });

  public threatRef = this.RULE('threatRef', () => {
    this.OR((this.alts[10] ??= [
      { ALT: () => this.CONSUME(T.ThreatId) },
      {
        ALT: () => {
          this.CONSUME(T.Identifier, { LABEL: 'element' });
          this.CONSUME(T.Dot);
          this.CONSUME2(T.Identifier, { LABEL: 'category' });
          this.OPTION(() => {
            this.CONSUME2(T.Dot);
            this.CONSUME3(T.Identifier, { LABEL: 'rule' });
          });
        },
      },
    ]));
  });

  public mitigateStmt = this.RULE('mitigateStmt', () => {
    this.CONSUME(Kw.mitigate);
    this.SUBRULE(this.threatRef);
    this.OPTION(() => {
      this.CONSUME(Kw.by);
      this.CONSUME(T.Identifier, { LABEL: 'control' });
    });
    this.OPTION2(() => this.CONSUME(T.StringLit, { LABEL: 'text' }));
  });

  public acceptStmt = this.RULE('acceptStmt', () => {
    this.CONSUME(Kw.accept);
    this.SUBRULE(this.threatRef);
    this.CONSUME(Kw.owner);
    this.CONSUME(T.StringLit, { LABEL: 'owner' });
    this.CONSUME(Kw.until);
    this.CONSUME(T.DateLit, { LABEL: 'until' });
    this.CONSUME(Kw.because);
    this.CONSUME2(T.StringLit, { LABEL: 'reason' });
  });

  public notApplicableStmt = this.RULE('notApplicableStmt', () => {
    this.CONSUME(Kw.notApplicable);
    this.SUBRULE(this.threatRef);
    this.CONSUME(Kw.because);
    this.CONSUME(T.StringLit, { LABEL: 'reason' });
  });

  public waiveStmt = this.RULE('waiveStmt', () => {
    this.CONSUME(Kw.waive);
    this.CONSUME(T.StringLit, { LABEL: 'check' });
    this.CONSUME(Kw.for);
    this.CONSUME2(T.StringLit, { LABEL: 'resource' });
    this.CONSUME(Kw.owner);
    this.CONSUME3(T.StringLit, { LABEL: 'owner' });
    this.CONSUME(Kw.until);
    this.CONSUME(T.DateLit, { LABEL: 'until' });
    this.CONSUME(Kw.because);
    this.CONSUME4(T.StringLit, { LABEL: 'reason' });
  });
}

let instance: WardenGrammar | undefined;

/** The shared parser instance (chevrotain parsers are reusable; building one costs ~tens of ms). */
export function grammar(): WardenGrammar {
  instance ??= new WardenGrammar();
  return instance;
}
