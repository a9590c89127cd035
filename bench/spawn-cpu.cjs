// Loaded with `node --require` into the CLI by scripts/bench.ts: prints, to stderr, the CPU time (user +
// system ms) this process has used when it first calls child_process.spawn (the CLI starting the
// script), as `spawn-cpu <ms>`. Changes nothing else.
'use strict';
const childProcess = require('node:child_process');
const spawn = childProcess.spawn;
let told = false;
childProcess.spawn = function (...args) {
  if (!told) {
    told = true;
    const { user, system } = process.cpuUsage();
    process.stderr.write(`spawn-cpu ${(user + system) / 1000}\n`);
  }
  return Reflect.apply(spawn, this, args);
};
