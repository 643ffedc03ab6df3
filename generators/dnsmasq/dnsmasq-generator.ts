/** The `dnsmasq` format: `pxe/dnsmasq.conf` (see dnsmasq-config.ts). */
import type { Generator, GeneratorInput, OutputFile } from '../generator.js';
import { renderDnsmasqConfig, resolveDnsmasqSettings } from './dnsmasq-config.js';

export function renderDnsmasq(input: GeneratorInput): OutputFile[] {
  // Cluster-wide: every inventory host gets its reservation, even when --hosts selects fewer.
  const hosts = input.plan.hosts.map((h) => ({ name: h.name, mac: h.mac, ip: h.ip }));
  return [
    {
      path: 'pxe/dnsmasq.conf',
      content: renderDnsmasqConfig(resolveDnsmasqSettings(input.plan), hosts),
      mode: 0o644,
    },
  ];
}

export const dnsmasqGenerator: Generator = {
  name: 'dnsmasq',
  needs: [],
  render: renderDnsmasq,
};
