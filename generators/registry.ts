/**
 * Every output format, registered once, in run order: per host, the host phases run in this
 * order (a bundle after every format it packs); after every host, the site phases run in this
 * order (nginx.conf last, as it lists every other file). Adding a format is one import and one
 * entry here.
 */
import { autoinstallGenerator } from './autoinstall/autoinstall-generator.js';
import { bundleGenerator, zipBundleGenerator } from './bundle/bundle-generator.js';
import { cloudInitGenerator } from './cloud-init/generator.js';
import { cloudGenerator } from './cloud/cloud-generator.js';
import { clusterGenerator } from './cluster/cluster-files.js';
import { dnsmasqGenerator } from './dnsmasq/dnsmasq-generator.js';
import type { Generator } from './generator.js';
import { ignitionGenerator } from './ignition/generator.js';
import { seedIsoGenerator } from './iso/seed-iso-generator.js';
import { kickstartGenerator } from './kickstart/generator.js';
import { lifecycleGenerator } from './lifecycle/hosts-file.js';
import { nginxGenerator } from './nginx/nginx-generator.js';
import { pxeGenerator } from './pxe/pxe-generator.js';
import { vsphereGenerator } from './vsphere/vsphere-generator.js';

export const GENERATORS: readonly Generator[] = [
  clusterGenerator,
  lifecycleGenerator,
  cloudInitGenerator,
  ignitionGenerator,
  kickstartGenerator,
  pxeGenerator,
  autoinstallGenerator,
  dnsmasqGenerator,
  seedIsoGenerator,
  vsphereGenerator,
  cloudGenerator,
  // After every per-host format: a host's bundle carries all of its files.
  bundleGenerator,
  zipBundleGenerator,
  // Last: pxe/nginx.conf lists every file produced before it.
  nginxGenerator,
];
