// Parent side of the forked load processes: request/response over IPC with timeouts.
import { fork } from 'node:child_process';
import { withTimeout } from './stats.mjs';

export class Worker {
  constructor(script, label, execArgv = []) {
    this.label = label;
    this.child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv, serialization: 'advanced' });
    this.pending = new Map();
    this.nextId = 1;
    this.exited = false;
    this.child.on('message', (msg) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new Error(`${this.label}: ${msg.message}`));
      else p.resolve(msg);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      for (const p of this.pending.values()) p.reject(new Error(`${this.label} exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  get pid() {
    return this.child.pid;
  }

  call(cmd, payload = {}, timeoutMs = 60_000) {
    if (this.exited) return Promise.reject(new Error(`${this.label} has exited`));
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.child.send({ id, cmd, ...payload });
    return withTimeout(promise, timeoutMs, `${this.label} ${cmd}`).finally(() => this.pending.delete(id));
  }

  async stop() {
    if (this.exited) return;
    try {
      await this.call('exit', {}, 3000);
    } catch {
      // kill below
    }
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
