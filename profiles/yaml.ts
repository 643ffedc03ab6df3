/** YAML serialisation for the structured files profiles write (never string-templated). */
import { dump } from 'js-yaml';

export function toYaml(value: unknown): string {
  return dump(value, { lineWidth: -1, noRefs: true });
}

/** Several documents in one file, separated by `---`. */
export function toYamlStream(docs: readonly unknown[]): string {
  return docs.map((d) => `---\n${toYaml(d)}`).join('');
}
