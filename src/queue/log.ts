/**
 * Worker and reconciler messages go to stderr with a timestamp and the process id: several
 * worker processes usually share one terminal or log collector. Repeated identical errors
 * (Redis away, every reconnect failing) are printed once per interval instead of flooding.
 */
export type Log = {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
};

export function createLog(component: string, stream: NodeJS.WritableStream = process.stderr, quietMs = 5_000): Log {
  const lastSeen = new Map<string, number>();
  const write = (level: string, message: string) => {
    stream.write(`${new Date().toISOString()} ${component}[${process.pid}] ${level}: ${message}\n`);
  };
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error(message) {
      const now = Date.now();
      const last = lastSeen.get(message);
      if (last !== undefined && now - last < quietMs) return;
      lastSeen.set(message, now);
      write('error', message);
    },
  };
}
