/**
 * `bootforge init --example ha`: a current highly available cluster, every key commented. It
 * validates as is (test/cli/init.test.ts); the addresses, names and MACs are examples.
 */
export const HA_STARTER = `# yaml-language-server: $schema=./inventory.schema.json
# A bootforge inventory: a highly available cluster on EL9 with containerd. Written by
# \`bootforge init --example ha\`; edit and check it:
#   bootforge validate cluster.yaml && bootforge plan cluster.yaml
#   bootforge generate cluster.yaml -o out && bootforge serve out --listen 172.20.0.5:8080
# Every key and its default: \`bootforge schema\`; where a value comes from: \`bootforge explain\`.
version: 1 # the inventory format version (always 1)
cluster:
  name: prod # a DNS label: names the cluster, its CAs and the PKI directory (prod-pki)
  os: el9 # CentOS Stream 9, Rocky 9, Alma 9
  runtime: containerd
  kubernetes:
    version: "1.34.2" # in quotes; "1.34" means the newest 1.34 patch bootforge knows
    serviceCIDR: 10.96.0.0/12
    podCIDR: 10.244.0.0/16
    # The load balancer (haproxy/keepalived or a hardware LB) in front of the three masters:
    # kubeconfigs and kubelets use it, and it is in the apiserver certificate.
    apiServerEndpoint: k8s-api.prod.example.com
    apiServerSANs: [k8s-api.prod.example.com]
  network: # the hosts' own network
    cidr: 172.20.0.0/24
    gateway: 172.20.0.1
    nameservers: [172.20.0.2]
    interface: ens192 # the NIC name on every host (a host may override it)
    # ntpServers: [ntp1.example.com]
    # searchDomains: [prod.example.com]
  # Where booting machines fetch their files: the address \`bootforge serve\` listens on.
  # Needed by pxe delivery only.
  bootServer: http://172.20.0.5:8080
  # How hosts get their configs: pxe, iso (NoCloud seed ISO), vsphere (guestinfo),
  # cloud:aws|openstack|azure|gcp (cloud user-data), bundle (a tar.gz per host). A host may
  # override it with its own delivery.
  delivery: [pxe, iso, vsphere]
  ssh:
    # Paste your public key (the line in ~/.ssh/id_ed25519.pub) to log in as root and as admin.
    # Without one nobody can log in over SSH (\`validate\` warns); set install.rootPasswordHash
    # (openssl passwd -6) for a console login.
    authorizedKeys: []
    #  - ssh-ed25519 AAAA... you@laptop
  install:
    # A local mirror of the install trees (default: mirror.stream.centos.org over http).
    # repo: http://172.20.0.5:8080/rocky/9/BaseOS/x86_64/os/
    # appstream: http://172.20.0.5:8080/rocky/9/AppStream/x86_64/os/
    disk: /dev/sda # the install disk (a host may override it)
    firewall: open-ports # open each role's ports in firewalld (or: disabled)
  pki:
    keyAlgorithm: ecdsa # P-256 (or rsa: 2048 bits)
hosts: # every machine: name, roles (etcd, master, node), static IP, and the boot NIC's MAC (pxe)
  - { name: etcd1, roles: [etcd], ip: 172.20.0.21, mac: "52:54:00:14:00:21" }
  - { name: etcd2, roles: [etcd], ip: 172.20.0.22, mac: "52:54:00:14:00:22" }
  - { name: etcd3, roles: [etcd], ip: 172.20.0.23, mac: "52:54:00:14:00:23" }
  - { name: master1, roles: [master], ip: 172.20.0.31, mac: "52:54:00:14:00:31" }
  - { name: master2, roles: [master], ip: 172.20.0.32, mac: "52:54:00:14:00:32" }
  - { name: master3, roles: [master], ip: 172.20.0.33, mac: "52:54:00:14:00:33" }
  - { name: worker1, roles: [node], ip: 172.20.0.41, mac: "52:54:00:14:00:41" }
  - { name: worker2, roles: [node], ip: 172.20.0.42, mac: "52:54:00:14:00:42" }
  # A VM delivered by vSphere guestinfo only needs no MAC:
  - { name: worker3, roles: [node], ip: 172.20.0.43, delivery: [vsphere] }
`;
