import { pino, type DestinationStream, type LoggerOptions } from 'pino';

/**
 * Worker and reconciler messages: pino's JSON lines on stderr ({"level":30,"time":…,"pid":…,
 * "hostname":…,"name":"termlens-worker","msg":…} plus the fields a message carries), the same
 * lines as the review service's (fastify logs through pino with `logOptions` too), so one log
 * collector reads every termlens process. Several worker processes usually share one. Repeated
 * identical errors (Redis away, every reconnect failing) are written once per interval instead
 * of flooding.
 */
export type Log = {
  info(message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

/** pino's options for a termlens process named `name`: its level, ISO timestamps. */
export function logOptions(name: string): LoggerOptions {
  return { name, level: 'info', timestamp: pino.stdTimeFunctions.isoTime };
}

export function createLog(name: string, stream: DestinationStream = pino.destination({ dest: 2, sync: true }), quietMs = 5_000): Log {
  const logger = pino(logOptions(name), stream);
  const lastSeen = new Map<string, number>();
  return {
    info: (first: string | Record<string, unknown>, message?: string) => (typeof first === 'string' ? logger.info(first) : logger.info(first, message)),
    warn: (first: string | Record<string, unknown>, message?: string) => (typeof first === 'string' ? logger.warn(first) : logger.warn(first, message)),
    error(first: string | Record<string, unknown>, message?: string) {
      const text = typeof first === 'string' ? first : message!;
      const now = Date.now();
      const last = lastSeen.get(text);
      if (last !== undefined && now - last < quietMs) return;
      lastSeen.set(text, now);
      if (typeof first === 'string') logger.error(first);
      else logger.error(first, message);
    },
  };
}
