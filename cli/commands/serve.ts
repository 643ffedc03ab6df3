// Placeholder replaced by the issue that builds 'serve'; must not survive into a commit.
import type { Command } from '../command.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: '(not built yet)',
  usage: 'Usage: bootforge serve\n',
  run: () => Promise.reject(new Error('serve is not built yet')),
};
