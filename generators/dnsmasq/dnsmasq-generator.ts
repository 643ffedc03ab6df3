/** The `dnsmasq` format: `pxe/dnsmasq.conf` (see dnsmasq-config.ts), a site-phase file. */
import { pxeHosts } from '../../plan/delivery.js';
import type { Generator } from '../generator.js';
import { renderDnsmasqConfig, resolveDnsmasqSettings } from './dnsmasq-config.js';

export const dnsmasqGenerator: Generator = {
  name: 'dnsmasq',
  delivery: 'pxe',
  needs: [],
  // Cluster-wide: every host delivered by PXE gets its reservation, even when --hosts selects fewer.
  site: ({ plan }) => ({
    files: [
      {
        path: 'pxe/dnsmasq.conf',
        content: renderDnsmasqConfig(
          resolveDnsmasqSettings(plan),
          pxeHosts(plan).map((h) => ({ name: h.name, mac: h.mac, ip: h.ip })),
        ),
        mode: 0o644,
      },
    ],
  }),
};
