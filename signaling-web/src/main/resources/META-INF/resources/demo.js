// The demo page: log in, call a name, talk (camera, microphone, chat), hang up.
import { SwitchboardClient, CallState } from './switchboard-client.js';

const $ = (id) => document.getElementById(id);

// Plain words for every error code the server (or the client) can report.
const PLAIN = {
  invalid_json: 'The server could not read a message.',
  invalid_message: 'The server rejected a malformed message.',
  unknown_type: 'The server does not know that request.',
  invalid_name: 'That name cannot be used. Use 1 to 64 visible characters.',
  name_taken: 'That name is taken. Try another one.',
  login_refused: 'The server refused that name.',
  already_logged_in: 'You are already logged in.',
  not_logged_in: 'Log in first.',
  user_not_found: 'That person is not online.',
  self_target: 'You cannot call yourself.',
  not_in_call: 'You are not in a call.',
  forbidden: 'You are not allowed to call that person.',
  not_delivered: 'Your message could not be delivered; the other side is not reachable.',
  internal_error: 'Something went wrong on the server. Try again.',
  ice_failed: 'The call could not connect.',
  connect_failed: 'Cannot reach the signaling server.',
  busy: 'You are already in a call.',
};

function showError(code, fallback) {
  $('error').textContent = PLAIN[code] || fallback || code;
}

function clearError() {
  $('error').textContent = '';
}

async function endpointUrl() {
  // Each host says where its endpoint is; the standalone server and the WAR differ.
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  try {
    const response = await fetch('switchboard-config.json');
    const config = await response.json();
    return scheme + '//' + location.host + config.path;
  } catch (e) {
    return scheme + '//' + location.host + '/';
  }
}

let localStream = null;

async function camera() {
  if (localStream) return localStream;
  try {
    localStream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    $('local-video').srcObject = localStream;
  } catch (e) {
    showError(null, 'No camera or microphone: the call will have chat only.');
  }
  return localStream;
}

function addChat(text, mine) {
  const item = document.createElement('li');
  item.textContent = text;
  if (mine) item.className = 'mine';
  $('chat-log').appendChild(item);
  item.scrollIntoView({ block: 'end' });
}

function setChannelOpen(open) {
  $('chat-input').disabled = !open;
  $('chat-send').disabled = !open;
}

const client = new SwitchboardClient(await endpointUrl());
window.switchboard = client; // for the console, and for the end-to-end tests

client.addEventListener('open', () => { $('status').textContent = 'Online'; $('status').className = 'pill online'; });
client.addEventListener('close', (e) => {
  $('status').textContent = e.detail.willReconnect ? 'Reconnecting…' : 'Offline';
  $('status').className = 'pill offline';
});
client.addEventListener('login', (e) => {
  $('me').textContent = e.detail.name;
  $('login-card').hidden = true;
  $('call-card').hidden = false;
});
client.addEventListener('servererror', (e) => showError(e.detail.code, e.detail.message));
client.addEventListener('incoming', (e) => {
  $('caller').textContent = e.detail.from;
  $('incoming').hidden = false;
});
client.addEventListener('callstate', (e) => {
  const { state, peer } = e.detail;
  $('call-state').textContent = state === CallState.IDLE ? 'idle' : state + (peer ? ' with ' + peer : '');
  $('stage').hidden = state === CallState.IDLE || state === CallState.RINGING;
  if (state !== CallState.RINGING) $('incoming').hidden = true;
  if (state === CallState.IDLE) {
    setChannelOpen(false);
    $('remote-video').srcObject = null;
  }
});
client.addEventListener('track', (e) => {
  if (e.detail.stream && $('remote-video').srcObject !== e.detail.stream) $('remote-video').srcObject = e.detail.stream;
});
client.addEventListener('channelopen', () => setChannelOpen(true));
client.addEventListener('chat', (e) => addChat(e.detail.from + ': ' + e.detail.text, false));
client.addEventListener('leave', (e) => {
  $('call-state').textContent = 'idle (' + e.detail.from + ' hung up)';
});

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError();
  try {
    await client.login($('name').value.trim());
  } catch (error) {
    showError(error.code, error.message);
  }
});

$('call-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError();
  $('chat-log').replaceChildren();
  try {
    await client.call($('callee').value.trim(), { stream: await camera() });
  } catch (error) {
    showError(error.code, error.message);
  }
});

$('accept').addEventListener('click', async () => {
  clearError();
  $('chat-log').replaceChildren();
  await client.accept({ stream: await camera() });
});
$('decline').addEventListener('click', () => client.reject());
$('hangup').addEventListener('click', () => client.hangUp());

$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('chat-input').value;
  if (!text) return;
  client.sendChat(text);
  addChat('me: ' + text, true);
  $('chat-input').value = '';
});

client.connect().catch((error) => showError(error.code, error.message));
