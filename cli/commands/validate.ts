// Placeholder replaced by the issue that builds 'validate'; must not survive into a commit.
import type { Command } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: '(not built yet)',
  usage: 'Usage: bootforge validate\n',
  run: () => Promise.reject(new Error('validate is not built yet')),
};
