/**
 * Cuts log text into pieces of whole lines, each at most PIPE_BUF (4096) bytes, so that several
 * processes writing to one pipe never interleave inside a line (POSIX: a write of at most
 * PIPE_BUF bytes to a pipe is atomic). A single longer line is one piece of its own.
 */
const PIPE_BUF = 4096;

export function lineChunks(text: string): string[] {
  if (Buffer.byteLength(text) <= PIPE_BUF) return [text];
  const pieces: string[] = [];
  let piece = '';
  let pieceBytes = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const bytes = Buffer.byteLength(line);
    if (pieceBytes > 0 && pieceBytes + bytes > PIPE_BUF) {
      pieces.push(piece);
      piece = '';
      pieceBytes = 0;
    }
    piece += line;
    pieceBytes += bytes;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}
