// A small internet on one machine, for the voice tests that must cross a real network boundary: Linux
// network namespaces joined by veth pairs, with iptables for NAT and for what a network blocks.
//
//                        ┌──────── pub ────────┐
//                        │ server 198.18.0.1   │  (198.18.0.0/15: the range set aside for network tests)
//                        └──┬───────────────┬──┘
//               198.18.1.0/24               198.18.2.0/24
//                 ┌────┴────┐               ┌────┴────┐
//                 │ router1 │ MASQUERADE    │ router2 │ MASQUERADE
//                 └────┬────┘               └────┬────┘
//                 10.0.1.0/24               10.0.2.0/24
//                 ┌────┴────┐               ┌────┴────┐
//                 │  home1  │ Chromium      │  home2  │ Chromium
//                 └─────────┘               └─────────┘
//
// No interface is in the machine's own namespace and no route leads out of these, so nothing here
// can reach any other network. Needs root (CI runs as root); anything missing fails with the reason.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SERVER_IP = '198.18.0.1';

const run = (args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** The namespaces of one test run, named after the process so that parallel runs never meet. */
export class Network {
  readonly prefix = `wx${process.pid}`;
  readonly pub = `${this.prefix}-pub`;
  readonly router = (i: 1 | 2) => `${this.prefix}-r${i}`;
  readonly home = (i: 1 | 2) => `${this.prefix}-h${i}`;
  private get all() {
    return [this.pub, this.router(1), this.router(2), this.home(1), this.home(2)];
  }

  /** Builds the network; throws with what is missing when this machine cannot. */
  static create(): Network {
    if (process.getuid?.() !== 0) {
      throw new Error('the network tests make network namespaces and need root (they run as root in CI)');
    }
    for (const tool of ['ip', 'iptables']) {
      try {
        execFileSync(tool, ['-V'], { stdio: 'ignore' });
      } catch {
        throw new Error(`the network tests need ${tool}: run ../scripts/ensure-system-packages (iproute2, iptables)`);
      }
    }
    removeStale();
    const network = new Network();
    try {
      network.build();
    } catch (error) {
      network.destroy();
      throw new Error(`cannot build the test network (ip netns, veth, iptables): ${error}`);
    }
    return network;
  }

  private build() {
    for (const ns of this.all) {
      run(['netns', 'add', ns]);
      run(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    // The server's address, on the public namespace's loopback: reachable over either link.
    run(['-n', this.pub, 'addr', 'add', `${SERVER_IP}/32`, 'dev', 'lo']);
    this.sysctl(this.pub, 'net.ipv4.ip_forward=1');
    for (const i of [1, 2] as const) {
      const router = this.router(i);
      const home = this.home(i);
      this.link(this.pub, 'up', `198.18.${i}.1/24`, router, 'wan', `198.18.${i}.2/24`, i);
      this.link(router, 'lan', `10.0.${i}.1/24`, home, 'eth', `10.0.${i}.2/24`, i);
      run(['-n', router, 'route', 'add', 'default', 'via', `198.18.${i}.1`]);
      run(['-n', home, 'route', 'add', 'default', 'via', `10.0.${i}.1`]);
      this.sysctl(router, 'net.ipv4.ip_forward=1');
      this.iptables(router, ['-t', 'nat', '-A', 'POSTROUTING', '-o', `wan${i}`, '-j', 'MASQUERADE']);
    }
  }

  /** A veth pair from `a` (named `${aName}${i}`) to `b` (named `${bName}${i}`), both up. */
  private link(a: string, aName: string, aAddress: string, b: string, bName: string, bAddress: string, i: number) {
    run(['link', 'add', `${aName}${i}`, 'netns', a, 'type', 'veth', 'peer', 'name', `${bName}${i}`, 'netns', b]);
    run(['-n', a, 'addr', 'add', aAddress, 'dev', `${aName}${i}`]);
    run(['-n', b, 'addr', 'add', bAddress, 'dev', `${bName}${i}`]);
    run(['-n', a, 'link', 'set', `${aName}${i}`, 'up']);
    run(['-n', b, 'link', 'set', `${bName}${i}`, 'up']);
  }

  private sysctl(ns: string, setting: string) {
    execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', setting]);
  }

  iptables(ns: string, rule: string[]) {
    execFileSync('ip', ['netns', 'exec', ns, 'iptables', ...rule], { stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The two homes cannot reach each other: the public network forwards nothing between routers. */
  separateHomes() {
    this.iptables(this.pub, ['-A', 'FORWARD', '-j', 'DROP']);
  }

  /** Home `i`'s network drops every UDP packet, both ways (TCP still passes). */
  blockUdp(i: 1 | 2) {
    this.iptables(this.router(i), ['-A', 'FORWARD', '-p', 'udp', '-j', 'DROP']);
  }

  /** Home `i`'s link goes dead (everything through its router dropped) until `restoreLink`. */
  cutLink(i: 1 | 2) {
    this.iptables(this.router(i), ['-I', 'FORWARD', '1', '-j', 'DROP']);
  }

  restoreLink(i: 1 | 2) {
    this.iptables(this.router(i), ['-D', 'FORWARD', '1']);
  }

  /** Back to a plain network: every filter rule removed (the NAT rules stay), connections forgotten. */
  reset() {
    for (const ns of [this.pub, this.router(1), this.router(2)]) this.iptables(ns, ['-F', 'FORWARD']);
  }

  /** A Chromium that runs inside home `i`: a script Playwright starts as its browser. */
  chromiumIn(i: 1 | 2): string {
    const dir = mkdtempSync(join(tmpdir(), 'woxly-netns-'));
    const path = join(dir, 'chromium');
    const chromium = process.env.WOXLY_CHROMIUM ?? '/usr/bin/chromium';
    writeFileSync(path, `#!/bin/sh\nexec ip netns exec ${this.home(i)} ${chromium} "$@"\n`);
    chmodSync(path, 0o755);
    return path;
  }

  destroy() {
    for (const ns of this.all.reverse()) {
      try {
        run(['netns', 'del', ns]);
      } catch {
        // Not made (a failed build): nothing to remove.
      }
    }
  }
}

/** Namespaces left by a run that was killed: their process is gone. */
function removeStale() {
  for (const line of run(['netns', 'list']).split('\n')) {
    const match = /^(wx(\d+)-\w+)/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    try {
      process.kill(Number(match[2]), 0);
    } catch {
      run(['netns', 'del', match[1]]);
    }
  }
}
