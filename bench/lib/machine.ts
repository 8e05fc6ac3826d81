import os from 'node:os';

/** Timings mean little without the machine and how busy it was: printed with every report. */
export function describeMachine(): string {
  const [one] = os.loadavg();
  return `${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, load average ${one!.toFixed(2)} at start`;
}
