// Runs build and test steps as child processes; lanes run side by side, the steps of a lane one after another.
// A lane's output is held back and printed whole when it ends, so two lanes never interleave their lines.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

/** Runs one step with its output passed through; exits the process with the step's code when it fails. */
export function runStep(cwd, { cmd, args }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit' });
    child.on('close', (code) => {
      if (code !== 0) process.exit(code ?? 1);
      resolve();
    });
  });
}

function runQuiet(cwd, { cmd, args }, out) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '1' } });
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => out.push(b));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Runs each lane's steps in order, the lanes at once; the first lane streams, the others print when done. */
export async function runAll(cwd, lanes) {
  const codes = await Promise.all(
    lanes.map(async (steps, i) => {
      for (const step of steps) {
        if (i === 0) {
          const code = await new Promise((resolve) => {
            const child = spawn(step.cmd, step.args, { cwd, stdio: 'inherit' });
            child.on('close', (c) => resolve(c ?? 1));
          });
          if (code !== 0) return code;
          continue;
        }
        const out = [];
        const code = await runQuiet(cwd, step, out);
        process.stdout.write(Buffer.concat(out));
        if (code !== 0) return code;
      }
      return 0;
    }),
  );
  const failed = codes.find((c) => c !== 0);
  if (failed !== undefined) process.exit(failed);
}
