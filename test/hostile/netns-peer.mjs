// The far side of test/hostile/control-exposure.test.ts, run by it as
// `unshare --net -- node netns-peer.mjs` in a network namespace of its own: only a loopback
// interface exists there, carrying 127.0.0.1 and ::1 plus the private addresses 10.77.0.1,
// 10.77.0.2, fd77::1 and fd77::2 (nothing can leave the namespace: it has no other interface and
// no route). It binds two listening sockets inside the namespace (IPv4 0.0.0.0 and dual-stack ::),
// hands them to the test process over the IPC channel (the test serves the simulator on them),
// then makes the HTTP requests the test asks for, from the local address the test names.
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';

const ip = (...args) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
ip('link', 'set', 'lo', 'up');
for (const a of ['10.77.0.1/32', '10.77.0.2/32']) ip('addr', 'add', a, 'dev', 'lo');
for (const a of ['fd77::1/128', 'fd77::2/128']) ip('-6', 'addr', 'add', a, 'dev', 'lo', 'nodad');

const listenOn = (host) =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => resolve(server));
  });

const v4 = await listenOn('0.0.0.0');
const dual = await listenOn('::');
for (const [name, server] of [
  ['v4', v4],
  ['dual', dual],
]) {
  await new Promise((resolve) => process.send({ type: 'listener', name, port: server.address().port }, server, { keepOpen: false }, resolve));
  // The test process holds the socket now; this copy must not accept connections.
  server.close();
}

process.on('message', (msg) => {
  if (msg?.type === 'exit') process.exit(0);
  if (msg?.type !== 'request') return;
  const { id, host, port, localAddress, method, path, headers, body } = msg;
  const req = request({ host, port, localAddress, method, path, headers: { connection: 'close', ...headers }, setHost: true }, (res) => {
    let data = '';
    res.setEncoding('utf8');
    res.on('data', (d) => (data += d));
    res.on('end', () => process.send({ type: 'response', id, status: res.statusCode, body: data }));
  });
  req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
  req.on('error', (err) => process.send({ type: 'response', id, status: 0, body: String(err.message) }));
  req.end(body);
});

process.send({ type: 'ready' });
