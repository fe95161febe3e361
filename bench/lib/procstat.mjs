// CPU, RSS and written bytes of another process, read from /proc (Linux).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks = 100;
let pageSize = 4096;
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  pageSize = Number(execFileSync('getconf', ['PAGESIZE']).toString().trim()) || 4096;
} catch {
  // defaults above
}

/** {cpuMs, rssBytes, wcharBytes} of pid, or null when it is gone. */
export function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime = field 14, stime = 15, rss = 24.
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const rssPages = Number(fields[21]);
    let wchar = NaN;
    try {
      const io = readFileSync(`/proc/${pid}/io`, 'utf8');
      wchar = Number(/wchar:\s*(\d+)/.exec(io)?.[1] ?? NaN);
    } catch {
      // /proc/<pid>/io may be unreadable; bytes then come from the server's metric only
    }
    let runDelayMs = NaN;
    try {
      // main thread: ns on CPU, ns runnable but waiting for a CPU, timeslices
      runDelayMs = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
    } catch {
      // no schedstats
    }
    return { at: performance.now(), cpuMs: ((utime + stime) * 1000) / clockTicks, rssBytes: rssPages * pageSize, wcharBytes: wchar, runDelayMs };
  } catch {
    return null;
  }
}

/** Share of one core (%) used by pid between two readProc samples. */
export function cpuPercent(a, b) {
  if (!a || !b || b.at <= a.at) return NaN;
  return ((b.cpuMs - a.cpuMs) / (b.at - a.at)) * 100;
}

/** Share of wall time (%) the main thread of pid was runnable but waiting for a CPU. */
export function waitPercent(a, b) {
  if (!a || !b || b.at <= a.at) return NaN;
  return ((b.runDelayMs - a.runDelayMs) / (b.at - a.at)) * 100;
}

/** Percent of one core from two process.cpuUsage() values over wallMs. */
export function usagePercent(a, b, wallMs) {
  return ((b.user - a.user + (b.system - a.system)) / 1000 / wallMs) * 100;
}

export function machineInfo() {
  let cpuModel = 'unknown';
  try {
    cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // not Linux
  }
  let nproc = NaN;
  try {
    nproc = Number(execFileSync('nproc').toString().trim());
  } catch {
    // fall through
  }
  let memGb = NaN;
  try {
    memGb = Number(/MemTotal:\s*(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]) / 1024 / 1024;
  } catch {
    // fall through
  }
  return { cpuModel, nproc, memGb, node: process.version, platform: `${process.platform} ${process.arch}` };
}

export function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}
