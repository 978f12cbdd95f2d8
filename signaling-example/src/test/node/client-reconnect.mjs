// The JavaScript client (signaling-web's switchboard-client.js, unmodified) against a real server
// that the Java test stops and starts again: login errors arrive as SwitchboardError codes, and
// after the socket drops the client reconnects and logs in under the same name by itself.
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
