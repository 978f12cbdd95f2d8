// The WebRTC signaling tutorial's client logic, run unmodified against a Switchboard server.
//
// Each TutorialClient below keeps the tutorial client's message handling exactly: its send()
// attaches `name: connectedUser` when it has one, its onmessage switch reads only the fields the
// tutorial reads (login.success; offer.offer and offer.name; answer.answer; candidate.candidate;
// leave), and hang-up sends {type:"leave"} then clears connectedUser. Only the RTCPeerConnection
// is replaced by a recorder, since Node has none (the browser tests make real connections).
//
// Usage: node tutorial-client.mjs ws://127.0.0.1:PORT/   (exit 0 and "all steps passed" on success)
import WebSocket from 'ws';
import assert from 'node:assert/strict';

const url = process.argv[2];
const deadline = setTimeout(() => { console.error('tutorial client: timed out'); process.exit(1); }, 15000);

/** Items in arrival order; take() waits for the next one. */
class Inbox {
  constructor() { this.items = []; this.waiters = []; }
  put(item) { this.items.push(item); const w = this.waiters.shift(); if (w) w(); }
  async take() {
    if (this.items.length === 0) await new Promise((resolve) => this.waiters.push(resolve));
    return this.items.shift();
  }
}

class TutorialClient {
  constructor(label) {
    this.label = label;
    this.connectedUser = null;
    this.events = new Inbox();   // what the tutorial's handlers were called with
    this.errors = new Inbox();   // server error codes, which the tutorial client ignores (test-only listener)
    this.conn = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => { this.conn.onopen = resolve; this.conn.onerror = reject; });

    // --- the tutorial's onmessage, unchanged apart from recording into this.events ---
    this.conn.onmessage = (msg) => {
      const data = JSON.parse(msg.data);
      switch (data.type) {
        case 'login': this.handleLogin(data.success); break;
        case 'offer': this.handleOffer(data.offer, data.name); break;
        case 'answer': this.handleAnswer(data.answer); break;
        case 'candidate': this.handleCandidate(data.candidate); break;
        case 'leave': this.handleLeave(); break;
        default: break;
      }
    };
    this.conn.addEventListener('message', (msg) => {
      const data = JSON.parse(msg.data);
      if (data.type === 'error') this.errors.put(data.code);
    });
  }

  nextError() { return this.errors.take(); }

  // --- the tutorial's send(): alias the peer's name onto every message ---
  send(message) {
    if (this.connectedUser) {
      message.name = this.connectedUser;
    }
    this.conn.send(JSON.stringify(message));
  }

  login(name) { this.send({ type: 'login', name: name }); }
  call(callToUsername) {
    this.connectedUser = callToUsername;
    this.send({ type: 'offer', offer: { type: 'offer', sdp: 'v=0 offer from ' + this.label } });
  }
  iceCandidate(candidate) { this.send({ type: 'candidate', candidate: candidate }); }
  hangUp() { this.send({ type: 'leave' }); this.handleLeave(); }

  handleLogin(success) { this.record(['login', success]); }
  handleOffer(offer, name) {
    this.connectedUser = name;
    this.record(['offer', offer, name]);
    this.send({ type: 'answer', answer: { type: 'answer', sdp: 'v=0 answer from ' + this.label } });
  }
  handleAnswer(answer) { this.record(['answer', answer]); }
  handleCandidate(candidate) { this.record(['candidate', candidate]); }
  handleLeave() { this.connectedUser = null; this.record(['leave']); }

  record(event) { this.events.put(event); }
  next() { return this.events.take(); }
}

const alice = new TutorialClient('alice');
const bob = new TutorialClient('bob');
const copycat = new TutorialClient('copycat');
await Promise.all([alice.opened, bob.opened, copycat.opened]);

alice.login('alice');
assert.deepEqual(await alice.next(), ['login', true]);
bob.login('bob');
assert.deepEqual(await bob.next(), ['login', true]);
copycat.login('alice');
assert.deepEqual(await copycat.next(), ['login', false]);

alice.call('bob');
assert.deepEqual(await bob.next(), ['offer', { type: 'offer', sdp: 'v=0 offer from alice' }, 'alice']);
assert.equal(bob.connectedUser, 'alice');
assert.deepEqual(await alice.next(), ['answer', { type: 'answer', sdp: 'v=0 answer from bob' }]);

const aliceCandidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50001 typ host', sdpMid: '0', sdpMLineIndex: 0 };
const bobCandidate = { candidate: 'candidate:2 1 udp 2122260223 127.0.0.1 50002 typ host', sdpMid: '0', sdpMLineIndex: 0 };
alice.iceCandidate(aliceCandidate);
bob.iceCandidate(bobCandidate);
assert.deepEqual(await bob.next(), ['candidate', aliceCandidate]);
assert.deepEqual(await alice.next(), ['candidate', bobCandidate]);

alice.hangUp();
assert.deepEqual(await alice.next(), ['leave']);
assert.deepEqual(await bob.next(), ['leave']);
assert.equal(bob.connectedUser, null);

// the tutorial's hang-up outside a call sends {type:"leave"} with no name: an error reply the
// tutorial client ignores, never a crash, and the server keeps serving
alice.hangUp();
assert.deepEqual(await alice.next(), ['leave']);
assert.equal(await alice.nextError(), 'not_in_call');
bob.call('alice');
assert.deepEqual(await alice.next(), ['offer', { type: 'offer', sdp: 'v=0 offer from bob' }, 'bob']);
assert.deepEqual(await bob.next(), ['answer', { type: 'answer', sdp: 'v=0 answer from alice' }]);

// closing the browser tab mid-call: the peer is told
bob.conn.close();
assert.deepEqual(await alice.next(), ['leave']);

for (const c of [alice, copycat]) c.conn.close();
clearTimeout(deadline);
console.log('tutorial client: all steps passed');
