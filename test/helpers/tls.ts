import { connect, createServer, type TLSSocket } from 'node:tls';
import { newServerCertificate, type CA } from '../../src/pki/talos-pki.js';

export interface Handshake {
  ok: boolean;
  authorized?: boolean;
  subject?: unknown;
  error?: string;
}

/** Node (OpenSSL) refuses the Talos key label; the DER is standard PKCS#8. */
const relabel = (pem: string) => pem.replace(/ED25519 PRIVATE KEY/g, 'PRIVATE KEY');

/**
 * A real mutual-TLS handshake with a Talos-API-like server on 127.0.0.1: its certificate from `ca` with the given
 * SANs, client certificates required and verified against `ca`. The client trusts `ca` and checks the server's
 * identity against `host` (an IP checks the IP SANs, a name the DNS SANs), as talosctl does with its endpoint.
 */
export async function handshake(o: {
  ca: CA;
  clientCert?: string;
  clientKey?: string;
  sans?: { dnsNames: string[]; ipAddresses: string[] };
  host?: string;
}): Promise<Handshake> {
  const server = newServerCertificate(o.ca, { ...(o.sans ?? { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] }), now: new Date() });
  return new Promise((resolve) => {
    let seen: { authorized: boolean; subject: unknown } | undefined;
    const srv = createServer(
      { cert: server.cert.pem, key: relabel(server.key.pem), ca: o.ca.cert.pem, requestCert: true, rejectUnauthorized: true },
      (s: TLSSocket) => {
        seen = { authorized: s.authorized, subject: { ...s.getPeerCertificate().subject } };
        s.end('hello');
      },
    );
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      const host = o.host ?? 'localhost';
      const c = connect({
        host: '127.0.0.1',
        port,
        ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
        ca: o.ca.cert.pem,
        ...(o.clientCert && o.clientKey ? { cert: o.clientCert, key: relabel(o.clientKey) } : {}),
      });
      let data = '';
      c.on('data', (d) => (data += d));
      const done = (ok: boolean, error?: string) => {
        c.destroy();
        srv.close();
        resolve({ ok, ...seen, error });
      };
      c.on('end', () => done(data === 'hello'));
      c.on('error', (e) => done(false, e.message));
    });
  });
}
