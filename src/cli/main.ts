#!/usr/bin/env node
import { buildProgram } from './program.js';
import { processIo, reportError } from './run.js';

// A reader that stops early (`fairprobe audit … | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

try {
  await buildProgram(processIo).parseAsync(process.argv);
} catch (e) {
  process.exitCode = reportError(e, processIo, process.argv.includes('json'));
}
