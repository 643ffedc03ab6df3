/**
 * Every output format, registered once, in run order. A generator that reads another's files
 * (`needs`) comes after it. Adding a format is one import and one entry here.
 */
import { cloudInitGenerator } from './cloud-init/generator.js';
import type { Generator } from './generator.js';
import { ignitionGenerator } from './ignition/generator.js';
import { kickstartGenerator } from './kickstart/generator.js';
import { pxeGenerator } from './pxe/pxe-generator.js';
import { dnsmasqGenerator } from './dnsmasq/dnsmasq-generator.js';
import { seedIsoGenerator } from './iso/seed-iso-generator.js';
import { vsphereGenerator } from './vsphere/vsphere-generator.js';
import { nginxGenerator } from './nginx/nginx-generator.js';
import { cloudGenerator } from './cloud/cloud-generator.js';
import { bundleGenerator, zipBundleGenerator } from './bundle/bundle-generator.js';

export const GENERATORS: readonly Generator[] = [
  cloudInitGenerator,
  ignitionGenerator,
  kickstartGenerator,
  pxeGenerator,
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
