import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of one or more server instances, like the deployment's reverse proxy:
 * each new connection goes to the first backend port that accepts it. A fault test can hold back
 * what the servers send on the connections open now (`holdReplies`): a request sent after that
 * reaches its server, and its acknowledgement never reaches the client, so the test knows the
 * request is still outstanding when it kills the server. Connections opened later (clients
 * reconnecting) pass freely.
 */
export interface HoldingRelay {
  url: string;
  holdReplies(): void;
  close(): Promise<void>;
}

export async function startHoldingRelay(port: number, backends: number[]): Promise<HoldingRelay> {
  const open = new Set<{ held: boolean }>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((client: Socket) => {
    const link = { held: false };
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const tryBackend = (index: number) => {
      if (index >= backends.length) return client.destroy();
      const upstream = connect(backends[index], '127.0.0.1');
      upstream.once('connect', () => {
        open.add(link);
        client.pipe(upstream);
        // Held replies are dropped: the connection dies with its server anyway.
        upstream.on('data', (chunk: Buffer) => {
          if (!link.held) client.write(chunk);
        });
        const close = () => {
          open.delete(link);
          upstream.destroy();
          client.destroy();
        };
        upstream.on('error', close);
        client.on('error', close);
        upstream.on('close', close);
        client.on('close', close);
      });
      upstream.once('error', () => tryBackend(index + 1));
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    holdReplies() {
      for (const link of open) link.held = true;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
