import { describe, expect, it } from 'vitest';
import {
  MAX_KUBE_MINOR,
  MIN_KUBE_MINOR,
  atLeast,
  compareVersions,
  defaultVersions,
  etcdServesV2,
  flannelEtcdApi,
  isSupportedKubernetes,
  isVersion,
  kubeMinor,
  parseVersion,
  resolveVersions,
} from '../../plan/versions.js';

describe('version helpers', () => {
  it('parses versions with optional v prefix and suffix', () => {
    expect(parseVersion('1.23.17')).toEqual([1, 23, 17]);
    expect(parseVersion('v0.17.0')).toEqual([0, 17, 0]);
    expect(parseVersion('1.7.1-flannel2')).toEqual([1, 7, 1]);
    expect(parseVersion('3.10')).toEqual([3, 10, 0]);
    expect(parseVersion('latest')).toBeUndefined();
    expect(isVersion('1.2.3.4')).toBe(false);
  });

  it('compares numerically, not as text', () => {
    expect(compareVersions('3.5.10', '3.5.9')).toBeGreaterThan(0);
    expect(compareVersions('0.9.1', '0.17.0')).toBeLessThan(0);
    expect(compareVersions('v1.2.3', '1.2.3')).toBe(0);
    expect(atLeast('0.18.0', '0.18.0')).toBe(true);
  });

  it('extracts the Kubernetes minor and checks support', () => {
    expect(kubeMinor('1.23.17')).toBe(23);
    expect(kubeMinor('2.0.0')).toBeNaN();
    expect(isSupportedKubernetes('1.20.0')).toBe(true);
    expect(isSupportedKubernetes('1.35.1')).toBe(true);
    expect(isSupportedKubernetes('1.19.16')).toBe(false);
    expect(isSupportedKubernetes('1.36.0')).toBe(false);
  });

  it('knows which flannel speaks which etcd API, and which etcd still serves v2', () => {
    expect(flannelEtcdApi('0.17.0')).toBe('v2');
    expect(flannelEtcdApi('0.18.0')).toBe('v3');
    expect(etcdServesV2('3.5.21')).toBe(true);
    expect(etcdServesV2('3.6.0')).toBe(false);
  });
});

describe('default versions', () => {
  const minors = Array.from({ length: MAX_KUBE_MINOR - MIN_KUBE_MINOR + 1 }, (_, i) => MIN_KUBE_MINOR + i);

  it.each(minors)('1.%i has a complete set of real version numbers that work together', (minor) => {
    const d = defaultVersions(minor);
    for (const value of Object.values(d)) expect(isVersion(value), value).toBe(true);
    // flannel on the v2 API needs an etcd that still serves it.
    if (flannelEtcdApi(d.flannel) === 'v2') expect(etcdServesV2(d.etcd)).toBe(true);
    // CRI v1 (1.26+) needs containerd >= 1.6; 1.24+ needs a CRI runtime at all.
    if (minor >= 24) expect(atLeast(d.containerd, '1.6.0')).toBe(true);
    // Kubernetes guidance: at least etcd 3.4.22 or 3.5.6.
    expect(atLeast(d.etcd, d.etcd.startsWith('3.4.') ? '3.4.22' : '3.5.6')).toBe(true);
  });

  it('classic 1.23: docker 20.10, etcd 3.4/3.5, flannel <= 0.17 on the v2 API', () => {
    const v = resolveVersions('1.23.17', 'docker', {});
    expect(v.docker).toMatch(/^20\.10\./);
    expect(v.etcd).toMatch(/^3\.[45]\./);
    expect(flannelEtcdApi(v.flannel)).toBe('v2');
    expect(v.criDockerd).toBeUndefined();
  });

  it.each([31, 32, 33, 34, 35])(
    'current 1.%i: etcd 3.5/3.6, flannel >= 0.25, containerd 1.7/2.x, cri-dockerd 0.3',
    (minor) => {
      const v = resolveVersions(`1.${minor}.0`, 'docker', {});
      expect(v.etcd).toMatch(/^3\.[56]\./);
      expect(atLeast(v.flannel, '0.25.0')).toBe(true);
      expect(v.containerd).toMatch(/^(1\.7|2)\./);
      expect(v.criDockerd).toMatch(/^0\.3\./);
    },
  );

  it('pins win over defaults, a leading v is dropped, and criDockerd none leaves it out below 1.24', () => {
    const v = resolveVersions('1.30.2', 'containerd', { etcd: 'v3.5.9', flannel: '0.24.0' });
    expect(v.etcd).toBe('3.5.9');
    expect(v.flannel).toBe('0.24.0');
    expect(v.docker).toBeUndefined();
    expect(resolveVersions('1.23.17', 'docker', { criDockerd: 'none' }).criDockerd).toBeUndefined();
    expect(resolveVersions('1.28.0', 'docker', { criDockerd: '0.3.4' }).criDockerd).toBe('0.3.4');
  });
});
