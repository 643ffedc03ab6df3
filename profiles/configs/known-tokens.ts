/** The apiserver's static token file: `token,user,uid[,"group1,group2"]`, no header. */
import type { StaticToken } from '../../pki/model.js';

function csvField(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function knownTokensCsv(tokens: readonly StaticToken[]): string {
  return tokens
    .map((t) => {
      const cols = [t.token, t.user, t.uid].map(csvField);
      if (t.groups.length > 0) cols.push(csvField(t.groups.join(',')));
      return `${cols.join(',')}\n`;
    })
    .join('');
}
