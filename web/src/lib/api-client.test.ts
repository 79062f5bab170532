// @vitest-environment node
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, ApiError, configureApi } from './api-client';

// A real HTTP server that answers as WOXLY's does, and records what it was sent.
let server: Server;
let seen: { method?: string; url?: string; authorization?: string; contentType?: string; body: string }[] = [];

function reply(request: IncomingMessage, body: string) {
  seen.push({
    method: request.method,
    url: request.url,
    authorization: request.headers.authorization,
    contentType: request.headers['content-type'],
    body,
  });
  if (request.url?.startsWith('/api/users/me')) {
    if (request.headers.authorization !== 'Bearer good') return [401, { error: 'no', code: 'unauthorized' }] as const;
    return [200, { user: { id: 1, username: 'anna' } }] as const;
  }
  if (request.url === '/api/auth/login') return [401, { error: 'wrong', code: 'invalid_credentials' }] as const;
  if (request.url === '/api/auth/logout') return [204, null] as const;
  return [404, { error: 'not found', code: 'not_found' }] as const;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const [status, json] = reply(request, body);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(json === null ? undefined : JSON.stringify(json));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => (seen = []));

const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

describe('the REST client', () => {
  it('sends the bearer token and JSON, and returns the answer', async () => {
    configureApi({ base: base(), token: () => 'good', unauthorized: () => {} });
    const answer = await api<{ user: { username: string } }>('GET', '/users/me', undefined, { q: 'x y', skip: undefined });
    expect(answer.user.username).toBe('anna');
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/users/me?q=x+y', authorization: 'Bearer good' });
    await api('POST', '/auth/logout', { all: true });
    expect(seen[1]).toMatchObject({ contentType: 'application/json', body: '{"all":true}' });
  });

  it('turns an error answer into ApiError with the server’s code', async () => {
    configureApi({ base: base(), token: () => null, unauthorized: () => {} });
    const error = await api('POST', '/auth/login', { login: 'a', password: 'b' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_credentials' });
  });

  it('ends the session when the server refuses the token, but not on a failed login', async () => {
    const unauthorized = vi.fn();
    configureApi({ base: base(), token: () => null, unauthorized });
    await api('POST', '/auth/login', {}).catch(() => {});
    expect(unauthorized).not.toHaveBeenCalled();
    configureApi({ base: base(), token: () => 'revoked', unauthorized });
    await expect(api('GET', '/users/me')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(unauthorized).toHaveBeenCalledTimes(1);
  });

  it('reports an unreachable server as network_error', async () => {
    configureApi({ base: 'http://127.0.0.1:9', token: () => null, unauthorized: () => {} });
    await expect(api('GET', '/health')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
