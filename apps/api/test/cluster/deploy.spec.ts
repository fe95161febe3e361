import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nginxSite } from '../../../../tools/cluster/cluster.mjs';

const ROOT = resolve(__dirname, '../../../..');
const work = mkdtempSync(join(tmpdir(), 'pixel-wars-deploy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('deployment files', () => {
  it('deploy/nginx/pixel-wars.conf is a valid nginx site (nginx -t), with WebSocket upgrades and sticky Socket.IO', () => {
    const site = nginxSite([4101, 4102], 4100);
    expect(site).toContain('server 127.0.0.1:4101 max_fails=1 fail_timeout=5s;');
    expect(site).toContain('server 127.0.0.1:4102 max_fails=1 fail_timeout=5s;');
    expect(site).not.toContain('127.0.0.1:3001');
    expect(site).toContain('listen 127.0.0.1:4100;');
    expect(site).toMatch(/hash \$remote_addr consistent;/);
    expect(site).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(site).toMatch(/X-Forwarded-For \$proxy_add_x_forwarded_for/);
    writeFileSync(join(work, 'site.conf'), site);
    mkdirSync(join(work, 'logs'), { recursive: true });
    writeFileSync(
      join(work, 'nginx.conf'),
      `pid ${work}/nginx.pid;\nerror_log ${work}/logs/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${work}/b; proxy_temp_path ${work}/p; fastcgi_temp_path ${work}/f; uwsgi_temp_path ${work}/u; scgi_temp_path ${work}/s;\n  include ${work}/site.conf;\n}\n`,
    );
    const check = spawnSync('/usr/sbin/nginx', ['-t', '-p', work, '-c', join(work, 'nginx.conf')], { encoding: 'utf8' });
    expect(check.stderr).toContain('syntax is ok');
    expect(check.status).toBe(0);
  });

  it('deploy/systemd/pixel-wars@.service passes systemd-analyze verify', () => {
    const unit = join(work, 'pixel-wars@3001.service');
    symlinkSync(join(ROOT, 'deploy/systemd/pixel-wars@.service'), join(work, 'pixel-wars@.service'));
    symlinkSync(join(work, 'pixel-wars@.service'), unit);
    const check = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
