// End-to-end scenarios in two independent headless Chromium profiles, through a running
// Switchboard standalone server. Usage: node scenarios.mjs SCENARIO BASE_URL ARTIFACT_DIR
// Prints "scenario SCENARIO passed" and exits 0, or prints the failure and exits 1.
//
// Chromium gathers ICE candidates on loopback only with --allow-loopback-in-peer-connection AND a
// media permission; run this inside a loopback-only network namespace so every packet stays on
// 127.0.0.1 (the Java test that starts it checks).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [scenario, base, artifacts] = process.argv.slice(2);
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--allow-loopback-in-peer-connection', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
const WAIT_MS = 20000;
const profiles = [];
const pageErrors = [];

const overall = setTimeout(() => { console.error('scenario ' + scenario + ' timed out'); process.exit(1); }, 120000);

/** A browser of its own (a fresh profile) with one page open at `url`. */
async function browser(label, url) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-' + label + '-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: FLAGS,
    permissions: ['camera', 'microphone'], viewport: { width: 1100, height: 760 },
  });
  profiles.push({ context, dir });
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(label + ': ' + error.message));
  await page.goto(url);
  return page;
}

/** Polls `fn` in the page until it returns something truthy (waitForFunction passes an async fn at once). */
async function until(page, what, fn, arg) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const text = (page, selector) => page.locator(selector).textContent();

async function login(page, name) {
  await until(page, 'the connection', () => document.getElementById('status').textContent === 'Online');
  await page.fill('#name', name);
  await page.click('#login');
}

async function framesDecoded(page) {
  return page.evaluate(async () => {
    const pc = window.switchboard.pc;
    if (!pc) return 0;
    let frames = 0;
    (await pc.getStats()).forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded || 0;
    });
    return frames;
  });
}

const scenarios = {
  // Two users, a video call with chat both ways, then hang-up.
  async 'demo-call'() {
    const alice = await browser('alice', base);
    const bob = await browser('bob', base);
    await login(alice, 'alice');
    await login(bob, 'bob');
    await until(alice, 'alice logged in', () => !document.getElementById('call-card').hidden);
    await until(bob, 'bob logged in', () => !document.getElementById('call-card').hidden);

    await alice.fill('#callee', 'bob');
    await alice.click('#call');
    await until(bob, 'the incoming call', () => !document.getElementById('incoming').hidden);
    assert.equal(await text(bob, '#caller'), 'alice');
    await bob.click('#accept');

    for (const page of [alice, bob]) {
      await until(page, 'the data channel', () => !document.getElementById('chat-input').disabled);
      await until(page, 'connected', () => document.getElementById('call-state').textContent.startsWith('connected'));
    }
    await alice.fill('#chat-input', 'hello bob');
    await alice.click('#chat-send');
    await until(bob, 'alice\'s message', () => document.getElementById('chat-log').textContent.includes('alice: hello bob'));
    await bob.fill('#chat-input', 'hi alice');
    await bob.click('#chat-send');
    await until(alice, 'bob\'s message', () => document.getElementById('chat-log').textContent.includes('bob: hi alice'));

    // fake camera on both sides: a remote video track arrives and its frames are decoded
    for (const page of [alice, bob]) {
      await until(page, 'a remote video track', () => {
        const stream = document.getElementById('remote-video').srcObject;
        return stream && stream.getVideoTracks().length > 0;
      });
      const deadline = Date.now() + WAIT_MS;
      while ((await framesDecoded(page)) < 10) {
        if (Date.now() > deadline) throw new Error('no decoded video frames');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    await until(alice, 'the remote video playing', () => document.getElementById('remote-video').videoWidth > 0);
    mkdirSync(artifacts, { recursive: true });
    await alice.screenshot({ path: join(artifacts, 'demo-mid-call.png') });

    await alice.click('#hangup');
    await until(bob, 'the leave', () => document.getElementById('call-state').textContent === 'idle (alice hung up)');
    await until(alice, 'alice idle', () => document.getElementById('call-state').textContent === 'idle');
    assert.equal(await bob.locator('#stage').isHidden(), true);
  },

  // The server's errors, in plain words: a taken name, a name that is not online.
  async 'demo-errors'() {
    const carol = await browser('carol', base);
    const copycat = await browser('copycat', base);
    await login(carol, 'carol');
    await until(carol, 'carol logged in', () => !document.getElementById('call-card').hidden);
    await login(copycat, 'carol');
    await until(copycat, 'the name_taken error', () => document.getElementById('error').textContent === 'That name is taken. Try another one.');
    assert.equal(await copycat.locator('#login-card').isVisible(), true);

    await carol.fill('#callee', 'nobody');
    await carol.click('#call');
    await until(carol, 'the user_not_found error', () => document.getElementById('error').textContent === 'That person is not online.');
    await until(carol, 'carol idle again', () => document.getElementById('call-state').textContent === 'idle');
  },

  // The tutorial's own client page (ws://localhost:9090 hard-coded) opens a data channel.
  async 'tutorial'() {
    const a = await browser('tutorial-a', new URL('tutorial.html', base).href);
    const b = await browser('tutorial-b', new URL('tutorial.html', base).href);
    for (const [page, name] of [[a, 'ann'], [b, 'ben']]) {
      await page.fill('#usernameInput', name);
      await page.click('#loginBtn');
      await until(page, name + ' logged in', () => document.getElementById('callPage').style.display === 'block');
    }
    await a.fill('#callToUsernameInput', 'ben');
    await a.click('#callBtn');
    await until(a, 'the data channel', () => typeof dataChannel !== 'undefined' && dataChannel.readyState === 'open');
    await until(b, 'the data channel', () => typeof dataChannel !== 'undefined' && dataChannel.readyState === 'open');
    await a.fill('#msgInput', 'hello from ann');
    await a.click('#sendMsgBtn');
    await until(b, 'ann\'s message', () => document.getElementById('chatarea').innerHTML.includes('ann: hello from ann'));
    await b.fill('#msgInput', 'hello from ben');
    await b.click('#sendMsgBtn');
    await until(a, 'ben\'s message', () => document.getElementById('chatarea').innerHTML.includes('ben: hello from ben'));
  },
};

try {
  if (!scenarios[scenario]) throw new Error('no scenario ' + scenario);
  await scenarios[scenario]();
  assert.deepEqual(pageErrors, [], 'errors thrown in the pages');
  console.log('scenario ' + scenario + ' passed');
} catch (error) {
  console.error('scenario ' + scenario + ' failed: ' + (error.stack || error));
  process.exitCode = 1;
} finally {
  for (const { context, dir } of profiles) {
    await context.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
  clearTimeout(overall);
}
