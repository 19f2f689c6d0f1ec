import { GatewayConfigError } from './config/gateway-config.schema';
import { startGateway } from './gateway.bootstrap';

// `npm start`: embedded mode, one process, nothing to install beyond Node.
async function main(): Promise<void> {
  const gateway = await startGateway();
  const stop = (): void => {
    gateway.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };

  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // Boot failures happen before the logger exists; one plain line says why.
  process.stderr.write(
    `${error instanceof GatewayConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
