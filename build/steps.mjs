// Runs build and test steps as child processes; lanes run side by side, the steps of a lane one after another.
// A lane's output is held back and printed whole when it ends, so two lanes never interleave their lines.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

/** Runs one step with its output passed through; resolves to its exit code. */
function runShown(cwd, { cmd, args }) {
  return new Promise((resolve) => {
    spawn(cmd, args, { cwd, stdio: 'inherit' }).on('close', (code) => resolve(code ?? 1));
  });
}

/** Runs one step with its output passed through; exits the process with the step's code when it fails. */
export async function runStep(cwd, step) {
  const code = await runShown(cwd, step);
  if (code !== 0) process.exit(code);
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
        const out = [];
        const code = i === 0 ? await runShown(cwd, step) : await runQuiet(cwd, step, out);
        if (i !== 0) process.stdout.write(Buffer.concat(out));
        if (code !== 0) return code;
      }
      return 0;
    }),
  );
  const failed = codes.find((c) => c !== 0);
  if (failed !== undefined) process.exit(failed);
}
