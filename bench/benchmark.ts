/** A benchmark run by `npm run bench` (bench/run.ts). */
export interface Benchmark {
  /** Selects it on the command line: `node dist/bench/run.js pki`. */
  name: string;
  description: string;
  /** Prints its figures through `log`, one line per call. */
  run(log: (line: string) => void): Promise<void>;
}
