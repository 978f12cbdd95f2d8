// Switchboard JavaScript client: an ES module, no build step, no dependencies.
// Speaks the protocol of docs/protocol.md (the WebRTC signaling tutorial's messages), so it also
// works against the tutorial's server for the messages both have.
//
//   import { SwitchboardClient } from './switchboard-client.js';
//   const client = new SwitchboardClient('ws://localhost:9090/');
//   await client.connect();
//   await client.login('alice');
//   const call = await client.call('bob', { stream });   // or accept an 'incoming' event
//
// Events (all CustomEvents, details below): open, close, reconnecting, login, servererror,
// message, incoming, callstate, track, channelopen, chat, leave.

/** A request the server rejected: `code` is the protocol's stable error code. */
export class SwitchboardError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
  }
}

/** Call states, in order: idle -> calling | ringing -> connecting -> connected -> idle. */
export const CallState = Object.freeze({
  IDLE: 'idle', CALLING: 'calling', RINGING: 'ringing', CONNECTING: 'connecting', CONNECTED: 'connected',
});

const CALL_REFUSALS = ['user_not_found', 'forbidden', 'self_target', 'not_delivered'];

const DEFAULTS = {
  iceServers: [],
  reconnect: true,
  reconnectDelaysMs: [500, 1000, 2000, 5000, 10000],
  dataChannelLabel: 'chat',
};

export class SwitchboardClient extends EventTarget {
  /**
   * @param {string} url the signaling endpoint, such as ws://localhost:9090/
   * @param {object} [options] iceServers (RTCIceServer[]), reconnect (boolean, default true),
   *   reconnectDelaysMs (number[]), dataChannelLabel (string)
   */
  constructor(url, options = {}) {
    super();
    this.url = url;
    this.options = { ...DEFAULTS, ...options };
    this.socket = null;
    this.name = null;            // the logged-in name, kept across reconnects
    this.peer = null;            // the name of the user in the current call
    this.state = CallState.IDLE;
    this.pc = null;              // the current RTCPeerConnection
    this.channel = null;         // the current RTCDataChannel
    this.pendingOffer = null;    // an offer waiting for accept()
    this.remoteCandidates = [];  // candidates that arrived before the remote description
    this.closedByUser = false;
    this.attempt = 0;
    this.loginWaiter = null;
  }

  /** Opens the WebSocket. Resolves when it is open; rejects if it cannot be opened. */
  connect() {
    this.closedByUser = false;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      let opened = false;
      socket.onopen = () => {
        opened = true;
        this.attempt = 0;
        this.emit('open', {});
        if (this.name) {
          // a reconnect: take the same name again
          const name = this.name;
          this.name = null;
          this.login(name, this.token).catch((error) => this.emit('servererror', { code: error.code, message: error.message }));
        }
        resolve();
      };
      socket.onmessage = (event) => this.receive(event.data);
      socket.onclose = (event) => {
        if (!opened) {
          reject(new SwitchboardError('connect_failed', 'Cannot connect to ' + this.url));
        }
        this.onSocketClosed(event);
      };
    });
  }

  /**
   * Logs in as `name`, with a `token` where the server requires one. Resolves on success; rejects
   * with a SwitchboardError (code name_taken, token_expired, ...).
   */
  login(name, token) {
    if (this.loginWaiter) {
      return Promise.reject(new SwitchboardError('login_pending', 'A login is already in progress'));
    }
    return new Promise((resolve, reject) => {
      this.loginWaiter = { name, token, resolve, reject };
      this.send(token === undefined ? { type: 'login', name } : { type: 'login', name, token });
    });
  }

  /**
   * Calls `name`: creates the peer connection (with `stream`'s tracks and a data channel), sends
   * the offer and trickles candidates. Resolves once the offer is sent.
   */
  async call(name, { stream = null } = {}) {
    if (this.state !== CallState.IDLE) {
      throw new SwitchboardError('busy', 'Already in a call with ' + this.peer);
    }
    this.peer = name;
    this.setState(CallState.CALLING);
    const pc = this.createPeerConnection(stream);
    this.attachChannel(pc.createDataChannel(this.options.dataChannelLabel));
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    this.send({ type: 'offer', name, offer: pc.localDescription });
  }

  /** Accepts the ringing call, answering with `stream`'s tracks. */
  async accept({ stream = null } = {}) {
    if (this.state !== CallState.RINGING || !this.pendingOffer) {
      throw new SwitchboardError('no_call', 'No call is ringing');
    }
    const offer = this.pendingOffer;
    this.pendingOffer = null;
    this.setState(CallState.CONNECTING);
    const pc = this.createPeerConnection(stream);
    await pc.setRemoteDescription(offer);
    await this.flushCandidates();
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    this.send({ type: 'answer', name: this.peer, answer: pc.localDescription });
  }

  /** Declines the ringing call (the caller receives leave). */
  reject() {
    if (this.state === CallState.RINGING) {
      this.hangUp();
    }
  }

  /** Ends the current call: tells the peer and closes the peer connection. */
  hangUp() {
    if (this.peer) {
      this.send({ type: 'leave', name: this.peer });
    }
    this.endCall();
  }

  /** Sends a chat message over the call's data channel. */
  sendChat(text) {
    if (!this.channel || this.channel.readyState !== 'open') {
      throw new SwitchboardError('no_channel', 'The chat channel is not open');
    }
    this.channel.send(text);
  }

  /** Closes the connection for good (no reconnect). */
  close() {
    this.closedByUser = true;
    this.endCall();
    if (this.socket) {
      this.socket.close(1000, 'Client closed');
    }
  }

  /** Sends one protocol message. */
  send(message) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      throw new SwitchboardError('not_connected', 'Not connected to the signaling server');
    }
    this.socket.send(JSON.stringify(message));
  }

  // --- inbound ---

  receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch (e) {
      return; // not protocol JSON (the tutorial's server says "Hello world")
    }
    this.emit('message', message);
    switch (message.type) {
      case 'login': return this.onLogin(message);
      case 'offer': return this.onOffer(message);
      case 'answer': return this.onAnswer(message);
      case 'candidate': return this.onCandidate(message);
      case 'leave': return this.onLeave(message);
      case 'error': return this.onError(message);
      default: return undefined;
    }
  }

  onLogin(message) {
    const waiter = this.loginWaiter;
    this.loginWaiter = null;
    if (message.success) {
      this.name = waiter ? waiter.name : this.name;
      this.token = waiter ? waiter.token : this.token;
      this.emit('login', { name: this.name });
      if (waiter) waiter.resolve();
    } else if (waiter) {
      waiter.reject(new SwitchboardError(message.code || 'login_failed', message.message || 'Login failed'));
    }
  }

  onOffer(message) {
    if (this.state !== CallState.IDLE) {
      // busy: the caller hears leave, our current call goes on
      this.socket.send(JSON.stringify({ type: 'leave', name: message.name }));
      return;
    }
    this.peer = message.name;
    this.pendingOffer = message.offer;
    this.setState(CallState.RINGING);
    this.emit('incoming', { from: message.name });
  }

  async onAnswer(message) {
    // the tutorial's server sends no name on answer and candidate: accept those as the peer's
    if (!this.pc || (message.name !== undefined && message.name !== this.peer)) return;
    this.setState(CallState.CONNECTING);
    await this.pc.setRemoteDescription(message.answer);
    await this.flushCandidates();
  }

  async onCandidate(message) {
    if (message.name !== undefined && message.name !== this.peer) return;
    if (message.candidate === null || message.candidate === undefined) return; // end of candidates
    if (this.pc && this.pc.remoteDescription) {
      await this.pc.addIceCandidate(message.candidate);
    } else {
      this.remoteCandidates.push(message.candidate); // until the remote description is set
    }
  }

  onLeave(message) {
    if (message.name !== undefined && message.name !== this.peer) return;
    const from = this.peer;
    this.endCall();
    this.emit('leave', { from });
  }

  onError(message) {
    // a call attempt the server refused ends here; other errors leave the call alone
    if (this.state === CallState.CALLING && CALL_REFUSALS.includes(message.code)) {
      this.endCall();
    }
    this.emit('servererror', { code: message.code, message: message.message });
  }

  onSocketClosed(event) {
    const willReconnect = this.options.reconnect && !this.closedByUser;
    this.endCall();
    if (this.loginWaiter) {
      this.loginWaiter.reject(new SwitchboardError('not_connected', 'The connection closed'));
      this.loginWaiter = null;
    }
    this.emit('close', { code: event.code, reason: event.reason, willReconnect });
    if (willReconnect) {
      const delays = this.options.reconnectDelaysMs;
      const delay = delays[Math.min(this.attempt, delays.length - 1)];
      this.attempt++;
      this.emit('reconnecting', { attempt: this.attempt, delayMs: delay });
      setTimeout(() => {
        if (!this.closedByUser) this.connect().catch(() => { /* onclose schedules the next try */ });
      }, delay);
    }
  }

  // --- the peer connection ---

  createPeerConnection(stream) {
    const pc = new RTCPeerConnection({ iceServers: this.options.iceServers });
    this.pc = pc;
    if (stream) {
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
    }
    pc.onicecandidate = (event) => {
      if (event.candidate && this.peer) {
        this.send({ type: 'candidate', name: this.peer, candidate: event.candidate });
      }
    };
    pc.ontrack = (event) => this.emit('track', { track: event.track, stream: event.streams[0] || null });
    pc.ondatachannel = (event) => this.attachChannel(event.channel);
    pc.onconnectionstatechange = () => {
      if (pc !== this.pc) return;
      if (pc.connectionState === 'connected') this.setState(CallState.CONNECTED);
      if (pc.connectionState === 'failed') {
        this.emit('servererror', { code: 'ice_failed', message: 'The peer connection failed' });
        this.hangUp();
      }
    };
    return pc;
  }

  attachChannel(channel) {
    this.channel = channel;
    channel.onopen = () => this.emit('channelopen', { label: channel.label });
    channel.onmessage = (event) => this.emit('chat', { from: this.peer, text: event.data });
  }

  async flushCandidates() {
    const queued = this.remoteCandidates;
    this.remoteCandidates = [];
    for (const candidate of queued) await this.pc.addIceCandidate(candidate);
  }

  endCall() {
    if (this.channel) this.channel.close();
    if (this.pc) this.pc.close();
    this.channel = null;
    this.pc = null;
    this.peer = null;
    this.pendingOffer = null;
    this.remoteCandidates = [];
    this.setState(CallState.IDLE);
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.emit('callstate', { state, peer: this.peer });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
