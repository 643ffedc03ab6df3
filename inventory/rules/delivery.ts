/**
 * Delivery needs: a host delivered by PXE needs its boot NIC's MAC (dnsmasq reservations, per-MAC
 * boot scripts), and any PXE delivery needs cluster.bootServer (every PXE URL is under it). Hosts
 * delivered only by seed ISO, vSphere, cloud user-data or bundle need neither.
 */
import type { Inventory } from '../model.js';
import type { Reporter } from '../report.js';

export function checkDeliveryNeeds(inventory: Inventory, report: Reporter): void {
  const pxeHosts = inventory.hosts.filter((h) => h.delivery.includes('pxe'));
  inventory.hosts.forEach((host, i) => {
    if (host.mac !== undefined || !host.delivery.includes('pxe')) return;
    report.error(
      ['hosts', i, 'mac'],
      'MISSING_KEY',
      `host ${host.name} is delivered by pxe, which needs the MAC of its boot NIC`,
      `add 'mac: "52:54:00:..."' (the boot NIC's MAC), or give the host a delivery without pxe, e.g. 'delivery: [iso]'`,
    );
  });
  const first = pxeHosts[0];
  if (inventory.cluster.bootServer === undefined && first !== undefined) {
    report.error(
      ['cluster', 'bootServer'],
      'MISSING_KEY',
      `required key 'bootServer' is missing: ${pxeHosts.length === inventory.hosts.length ? 'every host' : `${pxeHosts.length} host(s), e.g. ${first.name},`} ${pxeHosts.length === inventory.hosts.length ? 'is' : 'are'} delivered by pxe, and every PXE URL is under it`,
      "add 'bootServer: http://<address>:8080' (where `bootforge serve` listens), or set cluster.delivery without pxe, e.g. [iso]",
    );
  }
}
