import { AddressInfo, createServer, Socket } from 'node:net';

export interface PartitionProxy {
  port: number;
  /** While partitioned, bytes in both directions are held back (not lost), as TCP does. */
  partition(): void;
  /** Delivers what was held back and forwards again. */
  heal(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a server that can go silent: no reset, no answer, the way a network
 * partition looks to a client. Nothing is dropped, so the protocol stays intact when it heals.
 */
export async function startPartitionProxy(
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<PartitionProxy> {
  let partitioned = false;
  const held: Array<() => void> = [];
  const sockets = new Set<Socket>();
  const forward = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => {
      if (partitioned) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  const server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    forward(client, upstream);
    forward(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    partition: () => {
      partitioned = true;
    },
    heal: () => {
      partitioned = false;
      for (const deliver of held.splice(0)) deliver();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
