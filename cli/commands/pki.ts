// Placeholder replaced by the issue that builds 'pki'; must not survive into a commit.
import type { Command } from '../command.js';

export const pkiCommand: Command = {
  name: 'pki',
  summary: '(not built yet)',
  usage: 'Usage: bootforge pki\n',
  run: () => Promise.reject(new Error('pki is not built yet')),
};
