// Placeholder replaced by the issue that builds 'generate'; must not survive into a commit.
import type { Command } from '../command.js';

export const generateCommand: Command = {
  name: 'generate',
  summary: '(not built yet)',
  usage: 'Usage: bootforge generate\n',
  run: () => Promise.reject(new Error('generate is not built yet')),
};
