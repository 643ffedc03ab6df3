/**
 * YAML text to a plain value plus its source map. Syntax errors, empty input, several documents
 * and duplicate keys become diagnostics with positions; nothing here throws on bad input.
 */
import { EVENT_ID, YAMLException, constructFromEvents, parseEvents, type Event } from 'js-yaml';
import { formatPath, type Diagnostic } from './diagnostic.js';
import { Reporter } from './report.js';
import { LineIndex, buildSourceMap, type SourceMap } from './source-map.js';

export interface ParsedYaml {
  /** Present when the text is one well-formed YAML document. */
  value?: unknown;
  sourceMap?: SourceMap;
  diagnostics: Diagnostic[];
}

/** A hint for the common YAML mistakes, by js-yaml's reason text. */
function syntaxHint(reason: string): string {
  if (/tab/i.test(reason)) return 'indent with spaces; YAML does not allow tabs for indentation';
  if (/quoted scalar/i.test(reason)) return 'close the quoted string with a matching quote';
  if (/flow collection/i.test(reason)) return 'close every [ with ] and every { with }';
  if (/indentation/i.test(reason)) {
    return 'line up keys of the same mapping in one column, indent children by two spaces, and close brackets and quotes on the line before';
  }
  if (/unknown (scalar |sequence |mapping )?tag/i.test(reason))
    return 'remove the !tag; inventories use plain YAML values';
  return 'check indentation (spaces, not tabs), unclosed brackets or quotes, and a space after every ":"';
}

function syntaxError(error: unknown, file: string): Diagnostic {
  const reason =
    error instanceof YAMLException ? error.reason : error instanceof Error ? error.message : String(error);
  const mark = error instanceof YAMLException ? error.mark : undefined;
  return {
    code: 'YAML_SYNTAX',
    severity: 'error',
    path: '',
    message: `YAML syntax error: ${reason}`,
    hint: syntaxHint(reason),
    position: { file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 },
  };
}

export function parseYaml(text: string, file: string): ParsedYaml {
  let events: Event[];
  try {
    events = parseEvents(text, { filename: file });
  } catch (error) {
    return { diagnostics: [syntaxError(error, file)] };
  }
  const documents = events.filter((e) => e.type === EVENT_ID.DOCUMENT).length;
  const lines = new LineIndex(file, text);
  const empty: Diagnostic = {
    code: 'EMPTY_DOCUMENT',
    severity: 'error',
    path: '',
    message: 'the file holds no YAML document',
    hint: 'start from examples/classic.yaml, or run `bootforge schema` for the structure',
    position: lines.position(0),
  };
  if (documents === 0) return { diagnostics: [empty] };
  const { sourceMap, duplicates } = buildSourceMap(text, events, file);
  const report = new Reporter(sourceMap);
  if (documents > 1) {
    const secondStart = text.search(/^---/m) === 0 ? text.slice(3).search(/^---/m) + 3 : text.search(/^---/m);
    report.diagnostics.push({
      code: 'MULTIPLE_DOCUMENTS',
      severity: 'error',
      path: '',
      message: `the file holds ${documents} YAML documents; an inventory is exactly one`,
      hint: 'remove the extra `---` separators, or split the clusters into one file each',
      position: lines.position(Math.max(0, secondStart)),
    });
  }
  for (const duplicate of duplicates) {
    const first = lines.position(duplicate.firstOffset);
    report.diagnostics.push({
      code: 'DUPLICATE_KEY',
      severity: 'error',
      path: formatPath(duplicate.path),
      message: `key '${duplicate.key}' appears twice in the same mapping (first at line ${first.line}); the last one wins`,
      hint: 'keep one of them; YAML does not merge repeated keys',
      position: lines.position(duplicate.offset),
    });
  }
  let value: unknown;
  try {
    // json: true lets a repeated key override instead of throwing; duplicates are reported above.
    value = constructFromEvents(events, { source: text, filename: file, json: true })[0];
  } catch (error) {
    return { sourceMap, diagnostics: [...report.diagnostics, syntaxError(error, file)] };
  }
  if (value === null || value === undefined)
    return { sourceMap, diagnostics: [...report.diagnostics, empty] };
  return { value, sourceMap, diagnostics: report.diagnostics };
}
