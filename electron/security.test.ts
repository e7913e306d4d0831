import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedExternalUrl,
  isAppUrl,
  isPermissionGranted,
  WEB_PREFERENCES,
} from './security';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('window hardening', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('allows only its own scripts, styles and the API socket', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    for (const values of csp.values()) {
      expect(values).not.toContain("'unsafe-inline'");
      expect(values).not.toContain("'unsafe-eval'");
      expect(values.filter((v) => /^https?:/.test(v) || v === '*')).toEqual([]);
    }
  });

  it.each([
    ['app://kubelab/index.html', true],
    ['app://kubelab/deep/path?x=1#y', true],
    ['app://kubelab.evil.com/index.html', false],
    ['app://evil/app://kubelab/', false],
    ['app://user@kubelab/', false],
    ['file:///etc/passwd', false],
    ['https://kubelab/', false],
    ['not a url', false],
  ])('navigation to %s allowed: %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it.each([
    ['https://kubernetes.io/docs/concepts/services-networking/service/', true],
    ['https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html', true],
    ['https://kubernetes.io.evil.com/', false],
    ['https://user:pw@github.com/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['smb://github.com/share', false],
  ])('external link %s opens: %s', (url, expected) => {
    expect(isAllowedExternalUrl(url)).toBe(expected);
  });

  it('denies permissions by default', () => {
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'fullscreen',
    ]) {
      expect(isPermissionGranted(permission, 'app://kubelab/index.html')).toBe(false);
    }
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://kubelab/index.html')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });
});
