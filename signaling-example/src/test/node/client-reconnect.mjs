// The JavaScript client (signaling-web's switchboard-client.js, unmodified) against a real server
// that the Java test stops and starts again: login errors arrive as SwitchboardError codes, an
// offer during a ringing call is answered with leave, and after the socket drops the client
// reconnects and logs in under the same name by itself.
// Usage: node --experimental-websocket client-reconnect.mjs ws://127.0.0.1:PORT/
// Prints READY when the Java side should restart the server.
import assert from 'node:assert/strict';
import { SwitchboardClient } from '../../../../signaling-web/src/main/resources/META-INF/resources/switchboard-client.js';

const url = process.argv[2];
const deadline = setTimeout(() => { console.error('client reconnect: timed out'); process.exit(1); }, 30000);
const once = (target, type) => new Promise((resolve) => target.addEventListener(type, (e) => resolve(e.detail), { once: true }));

const ringo = new SwitchboardClient(url, { reconnectDelaysMs: [100, 200, 400, 800] });
await ringo.connect();
await ringo.login('ringo');
assert.equal(ringo.name, 'ringo');

const copycat = new SwitchboardClient(url, { reconnect: false });
await copycat.connect();
await assert.rejects(copycat.login('ringo'), (error) => error.code === 'name_taken' && error.name === 'SwitchboardError');
copycat.close();

// one call at a time: an offer that arrives while another call rings is answered with leave
const raw = (name) => new Promise((resolve) => {
  const socket = new WebSocket(url);
  const inbox = [];
  socket.onmessage = (e) => inbox.push(JSON.parse(e.data));
  socket.onopen = () => { socket.send(JSON.stringify({ type: 'login', name })); resolve({ socket, inbox }); };
});
const until = async (check) => { for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10)); };
const paul = await raw('paul');
const george = await raw('george');
await until(() => paul.inbox.length && george.inbox.length);
const ringing = once(ringo, 'incoming');
paul.socket.send(JSON.stringify({ type: 'offer', name: 'ringo', offer: { type: 'offer', sdp: 'v=0' } }));
assert.deepEqual(await ringing, { from: 'paul' });
george.socket.send(JSON.stringify({ type: 'offer', name: 'ringo', offer: { type: 'offer', sdp: 'v=0' } }));
await until(() => george.inbox.some((m) => m.type === 'leave'));
assert.deepEqual(george.inbox.find((m) => m.type === 'leave'), { type: 'leave', name: 'ringo' });
assert.equal(ringo.peer, 'paul');
ringo.reject(); // paul hears leave; ringo is free again
await until(() => paul.inbox.some((m) => m.type === 'leave'));
assert.equal(ringo.state, 'idle');
paul.socket.close();
george.socket.close();

const closed = once(ringo, 'close');
const reconnecting = once(ringo, 'reconnecting');
console.log('READY');

const close = await closed;
assert.equal(close.willReconnect, true);
assert.equal((await reconnecting).attempt, 1);
assert.deepEqual(await once(ringo, 'login'), { name: 'ringo' });

ringo.close();
clearTimeout(deadline);
console.log('client reconnect: all steps passed');
