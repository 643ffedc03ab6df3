/**
 * Where the CLI writes. Colour only on a TTY and never with NO_COLOR (https://no-color.org).
 * Tests pass a capturing Terminal instead of process streams.
 */
export interface Terminal {
  out(text: string): void;
  /** Raw bytes on stdout (`bootforge render` of a seed ISO); text goes through out(). */
  outBytes?(bytes: Uint8Array): void;
  err(text: string): void;
  /** True when stderr is an interactive terminal (progress bars, colour). */
  readonly interactive: boolean;
  readonly color: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/**
 * A reader that goes away (`bootforge plan --json | head -c 100`) closes the pipe: like any Unix
 * tool, stop quietly instead of crashing on the unhandled EPIPE. Other stream errors still throw.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

export function processTerminal(): Terminal {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  const interactive = Boolean(process.stderr.isTTY);
  const noColor = process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '';
  return {
    out: (text) => process.stdout.write(text),
    outBytes: (bytes) => process.stdout.write(bytes),
    err: (text) => process.stderr.write(text),
    interactive,
    color: interactive && !noColor,
    env: process.env,
    cwd: process.cwd(),
  };
}

export interface CapturedTerminal extends Terminal {
  stdout: string;
  /** Everything written to stdout, as bytes (text utf8-encoded). */
  stdoutBytes: Buffer;
  stderr: string;
}

export function captureTerminal(
  options: { cwd?: string; env?: Record<string, string> } = {},
): CapturedTerminal {
  const t: CapturedTerminal = {
    stdout: '',
    stdoutBytes: Buffer.alloc(0),
    stderr: '',
    out(text) {
      t.stdout += text;
      t.stdoutBytes = Buffer.concat([t.stdoutBytes, Buffer.from(text, 'utf8')]);
    },
    outBytes(bytes) {
      t.stdout += Buffer.from(bytes).toString('utf8');
      t.stdoutBytes = Buffer.concat([t.stdoutBytes, bytes]);
    },
    err(text) {
      t.stderr += text;
    },
    interactive: false,
    color: false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  return t;
}

const CODES = { red: 31, yellow: 33, green: 32, bold: 1, dim: 2, cyan: 36 } as const;
export type Style = keyof typeof CODES;

export function paint(term: Terminal, style: Style, text: string): string {
  return term.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}
