// Placeholder replaced by the issue that builds 'plan'; must not survive into a commit.
import type { Command } from '../command.js';

export const planCommand: Command = {
  name: 'plan',
  summary: '(not built yet)',
  usage: 'Usage: bootforge plan\n',
  run: () => Promise.reject(new Error('plan is not built yet')),
};
