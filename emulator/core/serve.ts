import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

/** An emulator's HTTP server, listening on 127.0.0.1. */
export interface LocalServer {
  /** The port listened on (the one asked for, or a free one). */
  port: number;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Closes every connection and stops listening, then runs `afterClose`; the same promise every call. */
  stop(): Promise<void>;
}

/**
 * Serves `handle` on 127.0.0.1 with long keep-alive (clients under test reuse connections) and a
 * `clientError` handler, so dropped and reset sockets are answered where they can be and never crash it.
 *
 * @param handle - the app's request listener
 * @param port - the port; 0 (default) for a free one
 * @param afterClose - runs once the server is closed, e.g. to write the state file
 * @throws Error when the port is taken
 */
export async function serveLocal(handle: RequestListener, port = 0, afterClose: () => Promise<void> = async () => {}): Promise<LocalServer> {
  const server = createServer({ keepAliveTimeout: 30_000 }, handle);
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const listening = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    port: listening,
    url: `http://127.0.0.1:${listening}`,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(afterClose);
      return stopped;
    },
  };
}
