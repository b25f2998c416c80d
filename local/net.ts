/** Listening and closing for the stand-ins' HTTP servers. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const loopback = '127.0.0.1';

/** Starts `server` on `port` (0 picks a free one) and resolves with its base URL. */
export async function listen(server: Server, port: number, host = loopback): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

/** Closes `server` now, dropping keep-alive connections instead of waiting for them to idle out. */
export async function close(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeAllConnections();
  await closed;
}
