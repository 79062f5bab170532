// VIDEO benchmark (docs/benchmarks.md, "Video in mesh"): with 2, 3 and 4 people with cameras in one
// room, each in a Chromium of its own on this machine, with Chromium's fake camera (a moving picture:
// a still one would cost the encoder next to nothing): how long from "Join voice" to the first decoded
// frame of a camera already on, and from "Watch" to a share's first frame; then, with every camera on,
// each sender's upload and each browser's CPU (all its processes) over 10 s. Prints a table and writes
// it to $BENCH_VIDEO_OUT when set.

import { appendFileSync } from 'node:fs';
import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumArgs } from '../playwright.config';
import { expect, ru, test } from '../e2e/app';
import { WoxlyServer } from '../e2e/server';
import { expectHearing, person, roomOf, type Person } from '../e2e/voice';

const WINDOW_MS = 10_000;
const TICKS_PER_SECOND = 100; // Linux's USER_HZ

/** The pids of the processes whose command line is Chromium's and whose parent is this runner. */
function browserMains(): Set<number> {
  const found = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('--remote-debugging-pipe')) found.add(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** CPU ticks (user + system) of `root` and every process below it. */
function cpuTicks(root: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const walk = [root];
  while (walk.length > 0) {
    const pid = walk.pop()!;
    total += ticks.get(pid) ?? 0;
    walk.push(...(children.get(pid) ?? []));
  }
  return total;
}

async function launch(): Promise<{ browser: Browser; pid: number }> {
  const before = browserMains();
  const browser = await chromium.launch({
    executablePath: process.env.WOXLY_CHROMIUM ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  const pid = [...browserMains()].find((candidate) => !before.has(candidate));
  if (!pid) throw new Error('cannot find the browser process');
  return { browser, pid };
}

/** Bytes of video each page sent so far, all its connections together, with the width of the frames
 * it sends now and why the encoder holds back (`qualityLimitationReason`: cpu, bandwidth or none). */
const videoSent = (page: Page) =>
  page.evaluate(async () => {
    let bytes = 0;
    const widths: number[] = [];
    const limits = new Set<string>();
    for (const pc of window.__openPcs()) {
      for (const report of (await pc.getStats()).values()) {
        if (report.type !== 'outbound-rtp' || report.kind !== 'video') continue;
        bytes += report.bytesSent ?? 0;
        if (report.frameWidth) widths.push(report.frameWidth);
        if (report.qualityLimitationReason) limits.add(report.qualityLimitationReason);
      }
    }
    return { bytes, widths, limits: [...limits] };
  });

/** Unix ms when the page first decoded a frame in `selector`, polled every 10 ms from now. */
const firstFrameAt = (page: Page, selector: string) =>
  page.evaluate(
    (selector) =>
      new Promise<number>((resolve) => {
        const poll = setInterval(() => {
          const video = document.querySelector<HTMLVideoElement>(`${selector} video`);
          if (video && video.videoWidth > 0 && video.currentTime > 0) {
            clearInterval(poll);
            resolve(Date.now());
          }
        }, 10);
      }),
    selector,
  );

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const lines: string[] = [];
const report = (line: string) => {
  console.log(line);
  lines.push(line);
};

test('video in mesh: first frames, upload per sender and CPU per browser with 2, 3 and 4 cameras', async () => {
  const server = await WoxlyServer.start();
  report('| cameras | join → first camera frame | watch → first share frame | upload per sender (median, kbit/s) | frame width sent | encoder held back by | CPU per browser (median, % of a core) |');
  report('| --- | --- | --- | --- | --- | --- | --- |');
  try {
    for (const count of [2, 3, 4]) {
      const browsers = await Promise.all(Array.from({ length: count }, launch));
      try {
        const people: Person[] = [];
        for (const [i, { browser }] of browsers.entries()) people.push(await person(browser, server.url, `P${count}x${i}`));
        const [first, ...others] = people as [Person, ...Person[]];
        const roomId = await roomOf(first, others);
        // Everyone but the last comes in with the camera on.
        for (const who of people.slice(0, -1)) {
          await who.page.goto(`/rooms/${roomId}`);
          await who.page.getByTestId('join-voice').click();
          await who.page.getByRole('button', { name: ru.video.cameraOn }).click();
        }
        const last = people.at(-1)!;
        await last.page.goto(`/rooms/${roomId}`);
        const frame = firstFrameAt(last.page, `[data-testid="video-tile"][data-user="${first.id}"]`);
        const joinedAt = await last.page.evaluate(() => Date.now());
        await last.page.getByTestId('join-voice').click();
        const joinToFrame = (await frame) - joinedAt;
        await last.page.getByRole('button', { name: ru.video.cameraOn }).click();
        await Promise.all(people.map((who) => expectHearing(who.page, count - 1, 60_000)));

        // Every camera on: upload and CPU over the window, after the encoders settle.
        await Promise.all(people.map((who) => expect(who.page.locator('[data-showing="camera"]')).toHaveCount(count, { timeout: 60_000 })));
        await new Promise((resolve) => setTimeout(resolve, 10_000));
        // Each figure over the time its own two readings were apart (reading them takes a while here).
        const read = async () => {
          const at = Date.now();
          const ticks = browsers.map(({ pid }) => cpuTicks(pid));
          const bytes = await Promise.all(people.map(async (who) => ({ ...(await videoSent(who.page)), at: Date.now() })));
          return { at, ticks, bytes };
        };
        const before = await read();
        await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
        const after = await read();
        const kbits = after.bytes.map(({ bytes, at }, i) => ((bytes - before.bytes[i]!.bytes) * 8) / (at - before.bytes[i]!.at));
        const seconds = (after.at - before.at) / 1000;
        const cpu = after.ticks.map((ticks, i) => ((ticks - before.ticks[i]!) / TICKS_PER_SECOND / seconds) * 100);

        // A share watched by the last one: from the click to its first frame.
        await first.page.getByRole('button', { name: ru.video.share }).click();
        await first.page.getByRole('menuitem', { name: new RegExp(ru.video.text) }).click();
        const watch = last.page.getByTestId('share-notice').getByRole('button', { name: ru.video.watch });
        await watch.waitFor();
        const shareFrame = firstFrameAt(last.page, '[data-testid="share-stage"]');
        const watchedAt = await last.page.evaluate(() => Date.now());
        await watch.click();
        const watchToFrame = (await shareFrame) - watchedAt;
        report(
          `| ${count} | ${joinToFrame} ms | ${watchToFrame} ms | ${Math.round(median(kbits))} (${kbits.map(Math.round).join(', ')}) | ${median(after.bytes.flatMap((b) => b.widths))} | ${[...new Set(after.bytes.flatMap((b) => b.limits))].join(', ')} | ${Math.round(median(cpu))} (${cpu.map(Math.round).join(', ')}) |`,
        );
      } finally {
        await Promise.all(browsers.map(({ browser }) => browser.close()));
      }
    }
  } finally {
    await server.dispose();
    if (process.env.BENCH_VIDEO_OUT) appendFileSync(process.env.BENCH_VIDEO_OUT, `${lines.join('\n')}\n`);
  }
});
