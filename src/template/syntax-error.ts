/**
 * Handlebars' parse errors name grammar tokens and, for a block never closed, the end of the
 * file. This turns them into the line a person should look at (1-based, in the template) and a
 * message in the words of the template language.
 */
export interface TemplateSyntaxProblem {
  readonly line: number;
  /** 1-based, when known: where the unclosed or mismatched block opens. */
  readonly column?: number;
  readonly message: string;
  readonly hint: string;
}

const TOKENS: Readonly<Record<string, string>> = {
  CLOSE: "'}}'",
  CLOSE_UNESCAPED: "'}}}'",
  OPEN: "'{{'",
  EOF: 'the end of the file',
  INVALID: 'character (an unclosed quote?)',
  CLOSE_SEXPR: "')'",
  OPEN_SEXPR: "'('",
  DATA: "'@'",
  EQUALS: "'='",
};

export function describeSyntaxError(text: string, error: Error & { lineNumber?: number; column?: number }): TemplateSyntaxProblem {
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(error.message);
  if (mismatch) {
    const [, open, close] = mismatch;
    return {
      line: error.lineNumber ?? 1,
      ...(error.column !== undefined ? { column: openingColumn(text, error.lineNumber ?? 1, error.column) } : {}),
      message: `{{#${open}}} is closed by {{/${close}}}`,
      hint: `close {{#${open}}} with {{/${open}}}`,
    };
  }
  const got = /got '(\w+)'\s*$/.exec(error.message)?.[1];
  const reported = Number(/on line (\d+)/.exec(error.message)?.[1] ?? 1);
  // The lexer stops at a comment never closed; the parser at the end of the text for anything else.
  if (got === 'EOF' || error.message.startsWith('Lexical error')) {
    const open = unclosed(text);
    if (open?.block) {
      return { line: open.line, column: open.column, message: `{{#${open.block}}} is never closed`, hint: `add {{/${open.block}}} where the block ends` };
    }
    if (open?.comment) return { line: open.line, column: open.column, message: `comment ${open.comment} is never closed`, hint: `end the comment with ${open.comment === '{{!--' ? '--}}' : '}}'}` };
    if (open) return { line: open.line, column: open.column, message: "'{{' is never closed with '}}'", hint: "end the expression with '}}'" };
  }
  if (got === 'INVERSE') {
    return { line: reported, message: '{{else}} outside a block', hint: 'put {{else}} between {{#if …}} and {{/if}}, or remove it' };
  }
  if (got === 'OPEN_ENDBLOCK') {
    return { line: reported, message: 'a closing {{/…}} with no block open', hint: 'remove it, or open the block it closes with {{#if …}}' };
  }
  return {
    line: reported,
    message: got ? `unexpected ${TOKENS[got] ?? got.toLowerCase()} in a {{ }} expression` : (error.message.split('\n')[0] ?? error.message),
    hint: 'check the {{ }} expressions on this line: quotes closed, one space between arguments, {{ and }} paired',
  };
}

/** The innermost block or expression still open at the end of the text (1-based line and column). */
function unclosed(text: string): { line: number; column: number; block?: string; comment?: string } | undefined {
  const blocks: { line: number; column: number; block: string }[] = [];
  for (let at = text.indexOf('{{'); at >= 0; ) {
    const line = lineAt(text, at);
    const column = at - text.lastIndexOf('\n', at - 1);
    const comment = text.startsWith('{{!--', at) ? '--}}' : text.startsWith('{{!', at) ? '}}' : undefined;
    const end = text.indexOf(comment ?? '}}', at + 2);
    if (end < 0) return { line, column, ...(comment ? { comment: comment === '--}}' ? '{{!--' : '{{!' } : {}) };
    const inner = text.slice(at + 2, end).replace(/^[{~]/, '').trim();
    if (!comment && (inner.startsWith('#') || inner.startsWith('^'))) {
      blocks.push({ line, column, block: inner.slice(1).trim().split(/[\s}~]/)[0] ?? '' });
    } else if (!comment && inner.startsWith('/')) {
      blocks.pop();
    }
    at = text.indexOf('{{', end + 2);
  }
  return blocks[blocks.length - 1];
}

/** Handlebars locates a block by its name (`if`); people look for the `{{` that opens it (1-based). */
function openingColumn(text: string, line: number, nameColumn: number): number {
  const lineText = text.split('\n')[line - 1] ?? '';
  const open = lineText.lastIndexOf('{{', nameColumn);
  return (open >= 0 ? open : nameColumn) + 1;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
