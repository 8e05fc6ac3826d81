import { Command } from 'commander';
import { config } from '../../config.ts';
import { parsePortNumber } from '../parse-port.ts';

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the review service: HTTP API, review page and (by default) the queue workers')
    .option('-p, --port <port>', 'port to listen on (0: any free port)', parsePortNumber, config().port)
    .option('-H, --host <host>', 'address to listen on', config().host)
    .option('--no-workers', 'do not run the OCR and analysis workers in this process (run `termlens worker` elsewhere)')
    .option('--no-redis', 'without Redis: process uploads in this process, one at a time (implies --no-workers)')
    .option('--no-auth', 'no tokens: everyone who can reach the port is admin (only allowed on a loopback host)')
    .option('-g, --glossary <dir>', 'glossary directory (admins edit it from the page)', config().glossaryDir)
    .addHelpText(
      'after',
      '\nSign in on the page with a token from `termlens token create --role reviewer --name NAME`.\n' +
        'The address is printed on stderr once the service listens; SIGTERM or Ctrl-C stops it cleanly.',
    )
    .action(async (opts: { port: number; host: string; workers: boolean; redis: boolean; auth: boolean; glossary: string }) => {
      const { startServer } = await import('../../api/start-server.ts');
      const log = (message: string) => process.stderr.write(`termlens: ${message}\n`);
      const server = await startServer({
        port: opts.port,
        host: opts.host,
        workers: opts.workers && opts.redis,
        redis: opts.redis,
        auth: opts.auth,
        glossaryDir: opts.glossary,
        config: config(),
        log,
      });
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          log(`${signal}: stopping`);
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          void server.close().finally(resolve);
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
      // BullMQ and OCR threads may leave timers behind; everything is closed, so leave.
      setTimeout(() => process.exit(), 1_000).unref();
    });
}
