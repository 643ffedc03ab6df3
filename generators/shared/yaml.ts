/**
 * YAML serialisation for cloud-init documents. js-yaml's default dump schema quotes every string
 * that YAML 1.1 (PyYAML, which cloud-init uses) would read as something else: `'0644'`, `'yes'`,
 * MAC addresses that look sexagesimal. Lines are never folded, so keys and URLs stay on one line.
 */
import { dump } from 'js-yaml';

export function toYaml(value: unknown): string {
  return dump(value, { lineWidth: -1, noRefs: true });
}
