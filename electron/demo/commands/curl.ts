/**
 * `curl` on a demo host, for the endpoints the labs read: EC2 instance metadata (IMDSv1 and v2
 * tokens), ipamd's introspection on localhost:61679, nginx behind its pods and ClusterIP, the
 * API server, and "what is my public IP" services. curl's own exit codes and messages otherwise.
 */
import { writeOut } from './write-out';
import { randomBytes } from 'node:crypto';
import { isIPv4 } from '../model/ipv4';
import { resolveName, resolveTarget } from '../net/reach';
import { imdsErrorPage, imdsGet } from '../render/imds';
import { API_UNAUTHORIZED, NGINX_PAGE } from '../render/http-bodies';
import { ipamdEnis, ipamdNetworkEnv } from '../render/ipamd';
import { sleep } from '../shell/io';
import type { Command, CommandContext } from '../shell/run';
import { clusterOf, instanceOf, nowOf, type HostContext } from './context';
import { sendCurl } from '../traffic/send';

interface Request {
  method: string;
  url: URL;
  headers: Map<string, string>;
  silent: boolean;
  showError: boolean;
  fail: boolean;
  include: boolean;
  timeoutMs?: number;
  writeOut?: string;
  insecure: boolean;
}

interface Response {
  status: number;
  reason: string;
  body: string;
  contentType?: string;
}

type Outcome =
  { response: Response } | { error: { code: number; message: string; waitMs?: number } };

function parseArgs(args: string[]): Request | string {
  const headers = new Map<string, string>();
  let method: string | undefined;
  let target: string | undefined;
  const r = {
    silent: false,
    showError: false,
    fail: false,
    include: false,
    insecure: false,
  } as Omit<Request, 'method' | 'url' | 'headers'>;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = () => args[++i] ?? '';
    if (arg === '-X' || arg === '--request') method = next();
    else if (arg === '-H' || arg === '--header') {
      const h = next();
      const colon = h.indexOf(':');
      // curl leaves out a header whose value is empty, as `-H "X-Token: $UNSET"` gives.
      if (colon > 0 && h.slice(colon + 1).trim())
        headers.set(h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim());
    } else if (arg === '-m' || arg === '--max-time' || arg === '--connect-timeout')
      r.timeoutMs = Number(next()) * 1000;
    else if (arg === '-w' || arg === '--write-out') r.writeOut = next();
    else if (arg === '-o' || arg === '--output') {
      if (next() !== '/dev/null')
        return 'curl: (23) kubelab demo lab: writing files is not simulated';
      r.writeOut ??= '';
    } else if (arg === '-d' || arg === '--data') {
      next();
      method ??= 'POST';
    } else if (arg === '--silent') r.silent = true;
    else if (arg === '--show-error') r.showError = true;
    else if (arg === '--fail') r.fail = true;
    else if (arg === '--include') r.include = true;
    else if (arg === '--insecure') r.insecure = true;
    else if (arg === '--location' || arg === '--verbose' || arg === '--compressed') continue;
    else if (/^-[sSfiLkvI]+$/.test(arg)) {
      r.silent ||= arg.includes('s');
      r.showError ||= arg.includes('S');
      r.fail ||= arg.includes('f');
      r.include ||= arg.includes('i');
      r.insecure ||= arg.includes('k');
      if (arg.includes('I')) method = 'HEAD';
    } else if (arg.startsWith('-'))
      return `curl: option ${arg}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`;
    else target = arg;
  }
  if (target === undefined)
    return "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information";
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(target) ? target : `http://${target}`);
  } catch {
    return `curl: (3) URL rejected: Malformed input to a URL function`;
  }
  return { ...r, method: method ?? 'GET', url, headers };
}

const ok = (body: string, contentType = 'text/plain'): Outcome => ({
  response: { status: 200, reason: 'OK', body, contentType },
});
const refused = (host: string, port: string): Outcome => ({
  error: {
    code: 7,
    message: `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`,
  },
});

function imds(host: HostContext, req: Request): Outcome {
  const cluster = clusterOf(host);
  const inst = instanceOf(host);
  if (req.url.pathname === '/latest/api/token') {
    if (req.method !== 'PUT')
      return {
        response: {
          status: 405,
          reason: 'Method Not Allowed',
          body: imdsErrorPage(405, 'Method Not Allowed'),
        },
      };
    const ttl = Number(req.headers.get('x-aws-ec2-metadata-token-ttl-seconds'));
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600)
      return {
        response: { status: 400, reason: 'Bad Request', body: imdsErrorPage(400, 'Bad Request') },
      };
    const token = `AQAEA${randomBytes(39).toString('base64')}`;
    host.imdsTokens.add(token);
    return ok(token);
  }
  const token = req.headers.get('x-aws-ec2-metadata-token');
  if (token !== undefined && !host.imdsTokens.has(token)) {
    return {
      response: { status: 401, reason: 'Unauthorized', body: imdsErrorPage(401, 'Unauthorized') },
    };
  }
  const r = imdsGet(cluster, inst, req.url.pathname, nowOf(host));
  return r.status === 200
    ? ok(r.body)
    : { response: { status: 404, reason: 'Not Found', body: imdsErrorPage(404, 'Not Found') } };
}

function ipamd(host: HostContext, req: Request): Outcome {
  const inst = instanceOf(host);
  if (inst.role !== 'node') return refused(req.url.hostname, req.url.port);
  const path = req.url.pathname;
  if (req.url.port === '61679' && path === '/v1/enis')
    return ok(ipamdEnis(clusterOf(host), inst, nowOf(host)), 'application/json');
  if (req.url.port === '61679' && path === '/v1/networkutils-env-settings')
    return ok(ipamdNetworkEnv(), 'application/json');
  return { response: { status: 404, reason: 'Not Found', body: '404 page not found\n' } };
}

function remote(host: HostContext, req: Request): Outcome {
  const name = req.url.hostname;
  const port = req.url.port || (req.url.protocol === 'https:' ? '443' : '80');
  const cluster = clusterOf(host);
  const inst = instanceOf(host);
  if (
    ['ipinfo.io', 'ifconfig.me', 'api.ipify.org'].includes(name) &&
    req.url.pathname.replace(/\/$/, '') !== '/json'
  )
    return ok(inst.publicIp);
  if (name === 'checkip.amazonaws.com') return ok(`${inst.publicIp}\n`);
  const resolved = isIPv4(name) ? { ip: name } : resolveName(cluster, name);
  if (!resolved) return { error: { code: 6, message: `Could not resolve host: ${name}` } };
  const target = resolveTarget(cluster, inst, resolved.ip, nowOf(host));
  host.packets?.observe({
    src: inst.privateIp,
    dst: resolved.ip,
    protocol: 'tcp',
    dport: Number(port),
    length: 60,
  });
  const timeout = (): Outcome => ({
    error:
      req.timeoutMs !== undefined
        ? {
            code: 28,
            message: `Failed to connect to ${name} port ${port} after ${Math.round(req.timeoutMs)} ms: Timeout was reached`,
            waitMs: req.timeoutMs,
          }
        : {
            code: 7,
            message: `Failed to connect to ${name} port ${port} after 130968 ms: Couldn't connect to server`,
            waitMs: 130_968,
          },
  });
  if (target.kind === 'pod') {
    const isNginx = target.pod.labels.app === 'nginx' && port === '80';
    return isNginx ? ok(NGINX_PAGE, 'text/html') : refused(name, port);
  }
  if (target.kind === 'service') {
    const svcPort = target.service.ports.find(
      (p) => String(p.port) === port && p.protocol === 'TCP',
    );
    if (!svcPort) return timeout();
    if (target.service.name === 'nginx') return ok(NGINX_PAGE, 'text/html');
    if (target.service.name === 'kubernetes') return apiServer(req);
    return refused(name, port);
  }
  if (target.kind === 'apiserver' && port === '443') return apiServer(req);
  if (target.kind === 'self' || target.kind === 'instance') return refused(name, port);
  if (target.kind === 'internet')
    return {
      error: {
        code: 7,
        message: `Failed to connect to ${name} port ${port} after 31 ms: Couldn't connect to server`,
      },
    };
  return timeout();
}

/** Puts the request on the demo's packet bus, for tcpdump: answered, refused or unanswered. */
function traceCurl(host: HostContext, url: URL, outcome: Outcome): void {
  const ip = isIPv4(url.hostname) ? url.hostname : resolveName(clusterOf(host), url.hostname)?.ip;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (ip === undefined) return;
  const answer = 'response' in outcome ? 'ok' : outcome.error.code === 7 ? 'refused' : 'silent';
  sendCurl(host, ip, port, answer);
}

function apiServer(req: Request): Outcome {
  if (req.url.protocol !== 'https:')
    return {
      response: {
        status: 400,
        reason: 'Bad Request',
        body: 'Client sent an HTTP request to an HTTPS server.\n',
      },
    };
  if (!req.insecure) {
    return {
      error: {
        code: 60,
        message:
          'SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\n' +
          'curl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\n' +
          'how to fix it, please visit the web page mentioned above.',
      },
    };
  }
  return {
    response: {
      status: 401,
      reason: 'Unauthorized',
      body: API_UNAUTHORIZED,
      contentType: 'application/json',
    },
  };
}

async function report(
  ctx: CommandContext,
  req: Request,
  code: number,
  message: string,
): Promise<number> {
  if (!req.silent || req.showError) await ctx.stderr.write(`curl: (${code}) ${message}\n`);
  return code;
}

export function curlCommand(host: HostContext): Command {
  return async (ctx) => {
    const req = parseArgs(ctx.argv.slice(1));
    if (typeof req === 'string') {
      await ctx.stderr.write(`${req}\n`);
      return req.startsWith('curl: (') ? Number(/\((\d+)\)/.exec(req)?.[1] ?? 2) : 2;
    }
    const hostname = req.url.hostname;
    // minikube and kubeadm hosts have no IMDS and no ipamd: nothing answers there.
    const isEks = clusterOf(host).overlay === undefined;
    let outcome: Outcome;
    if (isEks && hostname === '169.254.169.254') outcome = imds(host, req);
    else if (
      isEks &&
      ['localhost', '127.0.0.1'].includes(hostname) &&
      ['61679', '61678'].includes(req.url.port)
    )
      outcome = ipamd(host, req);
    else if (['localhost', '127.0.0.1'].includes(hostname))
      outcome = refused(hostname, req.url.port || '80');
    else {
      outcome = remote(host, req);
      traceCurl(host, req.url, outcome);
    }
    if ('error' in outcome) {
      if (outcome.error.waitMs) await sleep(outcome.error.waitMs, ctx.signal);
      if (ctx.signal.aborted) return 130;
      return report(ctx, req, outcome.error.code, outcome.error.message);
    }
    const res = outcome.response;
    if (req.fail && res.status >= 400)
      return report(ctx, req, 22, `The requested URL returned error: ${res.status}`);
    let out = '';
    if (req.include || req.method === 'HEAD') {
      out += `HTTP/1.1 ${res.status} ${res.reason}\r\nContent-Type: ${res.contentType ?? 'text/html'}\r\nContent-Length: ${Buffer.byteLength(res.body)}\r\n\r\n`;
    }
    if (req.method !== 'HEAD' && req.writeOut === undefined) out += res.body;
    if (req.writeOut !== undefined) {
      if (req.method !== 'HEAD' && !ctx.argv.includes('-o') && !ctx.argv.includes('--output'))
        out += res.body;
      const port = Number(req.url.port || (req.url.protocol === 'https:' ? 443 : 80));
      out += writeOut(req.writeOut, {
        status: res.status,
        remoteIp: isIPv4(req.url.hostname)
          ? req.url.hostname
          : (resolveName(clusterOf(host), req.url.hostname)?.ip ?? ''),
        remotePort: port,
        seconds: 0.0021,
      });
    }
    await ctx.stdout.write(out);
    return 0;
  };
}
