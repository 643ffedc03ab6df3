import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type {
  ArtifactsSpec,
  ClusterSpec,
  HostSpec,
  InstallSpec,
  Inventory,
  KubernetesSpec,
  NetworkSpec,
  PkiSpec,
  SshSpec,
  VersionPins,
} from '../../inventory/model.js';
import { Reporter } from '../../inventory/report.js';
import { inventorySchema, type JsonSchema } from '../../inventory/schema.js';
import { checkStructure } from '../../inventory/structure.js';

const repo = path.resolve(import.meta.dirname, '../..');

function at(schema: JsonSchema, ...keys: string[]): JsonSchema {
  let node = schema;
  for (const key of keys) {
    const next = key === '[]' ? node.items : node.properties?.[key];
    if (!next) throw new Error(`schema has no ${keys.join('.')}`);
    node = next;
  }
  return node;
}

const keysOf = (schema: JsonSchema) => Object.keys(schema.properties ?? {}).sort();

/** Every key of T, checked by the compiler: adding a field to model.ts breaks this until listed. */
function fields<T>(record: Record<keyof T, true>): string[] {
  return Object.keys(record).sort();
}

describe('inventory JSON Schema', () => {
  it('has a property for every field of the typed model, and no others', () => {
    const s = inventorySchema;
    expect(keysOf(s)).toEqual(fields<Inventory>({ version: true, cluster: true, hosts: true }));
    expect(keysOf(at(s, 'cluster'))).toEqual(
      fields<ClusterSpec>({
        name: true,
        os: true,
        runtime: true,
        kubernetes: true,
        delivery: true,
        network: true,
        bootServer: true,
        ssh: true,
        versions: true,
        flannel: true,
        pki: true,
        artifacts: true,
        install: true,
        profilesDir: true,
        labels: true,
      }),
    );
    expect(keysOf(at(s, 'cluster', 'kubernetes'))).toEqual(
      fields<KubernetesSpec>({
        version: true,
        serviceCIDR: true,
        podCIDR: true,
        dnsDomain: true,
        nodeSubnetLength: true,
        apiServerSANs: true,
        apiServerEndpoint: true,
        kubeletCredentials: true,
        kubeletServingCerts: true,
      }),
    );
    expect(keysOf(at(s, 'cluster', 'network'))).toEqual(
      fields<NetworkSpec>({
        cidr: true,
        gateway: true,
        nameservers: true,
        interface: true,
        mtu: true,
        ntpServers: true,
        searchDomains: true,
      }),
    );
    expect(keysOf(at(s, 'cluster', 'ssh'))).toEqual(fields<SshSpec>({ authorizedKeys: true }));
    expect(keysOf(at(s, 'cluster', 'pki'))).toEqual(
      fields<PkiSpec>({ keyAlgorithm: true, leafDays: true, adminOnMasters: true }),
    );
    expect(keysOf(at(s, 'cluster', 'artifacts'))).toEqual(
      fields<ArtifactsSpec>({ mirror: true, sha256: true }),
    );
    expect(keysOf(at(s, 'cluster', 'install'))).toEqual(
      fields<InstallSpec>({
        repo: true,
        appstream: true,
        kernel: true,
        initrd: true,
        iso: true,
        disk: true,
        timezone: true,
        rootPasswordHash: true,
        selinux: true,
        method: true,
        coreos: true,
        live: true,
        dhcpMode: true,
        tftpRoot: true,
        dhcpInterface: true,
        firewall: true,
      }),
    );
    expect(keysOf(at(s, 'cluster', 'versions'))).toEqual(
      fields<VersionPins>({
        etcd: true,
        flannel: true,
        flannelCni: true,
        containerd: true,
        runc: true,
        docker: true,
        criDockerd: true,
        cniPlugins: true,
        coredns: true,
        pause: true,
      }),
    );
    expect(keysOf(at(s, 'hosts', '[]'))).toEqual(
      fields<HostSpec>({
        name: true,
        roles: true,
        ip: true,
        mac: true,
        delivery: true,
        interface: true,
        disk: true,
        labels: true,
        profiles: true,
      }),
    );
  });

  it('describes every property, so editors can show help', () => {
    const missing: string[] = [];
    const walk = (schema: JsonSchema, where: string) => {
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (!child.description) missing.push(`${where}.${key}`);
        walk(child, `${where}.${key}`);
      }
      if (schema.items) walk(schema.items, `${where}[]`);
    };
    walk(inventorySchema, '');
    expect(missing).toEqual([]);
  });

  it('every default is itself valid against its own schema', () => {
    const walk = (schema: JsonSchema, where: string) => {
      if (schema.default !== undefined) {
        const report = new Reporter();
        expect(
          checkStructure(schema.default, schema, report),
          `${where}: ${JSON.stringify(report.diagnostics)}`,
        ).toBe(true);
      }
      for (const [key, child] of Object.entries(schema.properties ?? {})) walk(child, `${where}.${key}`);
      if (schema.items) walk(schema.items, `${where}[]`);
    };
    walk(inventorySchema, '');
  });

  it('marks the contract keys required and the rest optional', () => {
    expect(at(inventorySchema, 'cluster').required).toEqual([
      'name',
      'os',
      'runtime',
      'kubernetes',
      'network',
    ]);
    // bootServer and mac: required by rules/delivery.ts where PXE delivery needs them.
    expect(at(inventorySchema, 'hosts', '[]').required).toEqual(['name', 'roles', 'ip']);
    expect(at(inventorySchema, 'cluster', 'delivery').default).toEqual(['pxe', 'iso']);
    expect(at(inventorySchema, 'cluster', 'install', 'disk').default).toBe('/dev/sda');
    expect(at(inventorySchema, 'cluster', 'network', 'interface').default).toBe('eth0');
  });
});

/** A real JSON Schema implementation (python3-jsonschema, installed with Debian's cloud-init). */
function pythonJsonschema(): boolean {
  return spawnSync('python3', ['-c', 'import jsonschema'], { stdio: 'ignore' }).status === 0;
}

const CHECK = `
import json, sys
from jsonschema import Draft202012Validator
data = json.load(sys.stdin)
Draft202012Validator.check_schema(data['schema'])
v = Draft202012Validator(data['schema'])
print(json.dumps([sorted(e.message for e in v.iter_errors(doc)) for doc in data['documents']]))
`;

describe('inventory JSON Schema with python3-jsonschema (Draft 2020-12)', () => {
  const available = pythonJsonschema();
  if (!available) {
    if (process.env['CI'] === 'true')
      it('needs python3-jsonschema in CI', () => expect.fail('python3-jsonschema missing'));
    else
      it.skip('SKIPPED: python3 with jsonschema not installed (apt-get install python3-jsonschema)', () => {});
    return;
  }

  it('is a valid 2020-12 schema that accepts the examples and rejects broken documents', () => {
    const examples = ['classic.yaml', 'ha.yaml'].map((f) =>
      load(readFileSync(path.join(repo, 'examples', f), 'utf8')),
    );
    const classic = examples[0] as Record<string, unknown>;
    const cluster = classic['cluster'] as Record<string, unknown>;
    const broken = [
      { ...classic, extra: 1 },
      { ...classic, cluster: { ...cluster, os: 'centos8' } },
      { ...classic, hosts: [] },
      { ...classic, cluster: { ...cluster, kubernetes: { version: 1.23 } } },
    ];
    const output = execFileSync('python3', ['-c', CHECK], {
      input: JSON.stringify({ schema: inventorySchema, documents: [...examples, ...broken] }),
      encoding: 'utf8',
    });
    const errors = JSON.parse(output) as string[][];
    expect(errors.slice(0, 2)).toEqual([[], []]);
    for (const list of errors.slice(2)) expect(list.length).toBeGreaterThan(0);
  });
});
