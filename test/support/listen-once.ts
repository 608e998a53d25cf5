import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';

/** Listens once, so concurrent test requests share one server instead of each opening and closing it. */
export async function listenOnce(app: INestApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}
