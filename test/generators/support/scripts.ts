/** Shell scripts among a rendered host's files (by shebang), for shellcheck. */
import type { HostLayout } from './layout.js';

const SHEBANG = /^#!\s*(?:\/usr\/bin\/env\s+)?(?:\/usr)?(?:\/bin\/)?(sh|bash)\b/;

export function shellScripts(layout: HostLayout): Record<string, { text: string; shell: 'sh' | 'bash' }> {
  const scripts: Record<string, { text: string; shell: 'sh' | 'bash' }> = {};
  for (const [path, file] of Object.entries(layout.files)) {
    const shell = file.content === undefined ? undefined : SHEBANG.exec(file.content)?.[1];
    if (file.content !== undefined && (shell === 'sh' || shell === 'bash'))
      scripts[path] = { text: file.content, shell };
  }
  return scripts;
}
