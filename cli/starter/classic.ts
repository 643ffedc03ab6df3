/**
 * `bootforge init` (default, `--example classic`): the classic four-host cluster, every key
 * commented. It validates as is (test/cli/init.test.ts); the addresses and MACs are examples.
 */
export const CLASSIC_STARTER = `# yaml-language-server: $schema=./inventory.schema.json
# A bootforge inventory: one Kubernetes cluster. Written by \`bootforge init\`; edit and check it:
#   bootforge validate cluster.yaml && bootforge plan cluster.yaml
#   bootforge generate cluster.yaml -o out && bootforge serve out --listen 10.0.0.2:8080
# Every key and its default: \`bootforge schema\`; where a value comes from: \`bootforge explain\`.
version: 1 # the inventory format version (always 1)
cluster:
  name: knodes # a DNS label: names the cluster, its CAs and the PKI directory (knodes-pki)
  os: centos7 # centos7, or el9 (CentOS Stream 9, Rocky 9, Alma 9)
  runtime: docker # docker (with cri-dockerd from 1.24), or containerd
  kubernetes:
    version: "1.23.17" # in quotes; "1.23" means the newest 1.23 patch bootforge knows
    serviceCIDR: 10.254.0.0/16 # Services; the kubernetes Service gets its first IP
    podCIDR: 192.168.0.0/16 # pods: flannel's network, one /24 per host
    # apiServerEndpoint: k8s-api.example.com  # a load balancer in front of several masters
  network: # the hosts' own network
    cidr: 10.0.0.0/24
    gateway: 10.0.0.1
    nameservers: [10.0.0.1]
    # interface: eth0  # the NIC name on every host (a host may override it)
  # Where booting machines fetch their files: the address \`bootforge serve\` listens on.
  # Needed by pxe delivery only.
  bootServer: http://10.0.0.2:8080
  # How hosts get their configs: pxe (DHCP/TFTP/iPXE from the boot server), iso (a NoCloud seed
  # ISO per host), vsphere (guestinfo), cloud:aws|openstack|azure|gcp (cloud user-data), bundle.
  delivery: [pxe, iso]
  ssh:
    # Paste your public key (the line in ~/.ssh/id_ed25519.pub) to log in as root and as admin.
    # Without one nobody can log in over SSH (\`validate\` warns); set install.rootPasswordHash
    # (openssl passwd -6) for a console login.
    authorizedKeys: []
    #  - ssh-ed25519 AAAA... you@laptop
  # install:
  #   repo: http://10.0.0.2:8080/centos/7/os/x86_64/  # a local mirror (default: vault.centos.org)
  #   disk: /dev/sda
  #   timezone: UTC
hosts: # every machine: name, roles (etcd, master, node), static IP, and the boot NIC's MAC (pxe)
  - { name: knode1, roles: [master], ip: 10.0.0.11, mac: "52:54:00:00:00:11" }
  - { name: knode2, roles: [node], ip: 10.0.0.12, mac: "52:54:00:00:00:12" }
  - { name: knode3, roles: [node], ip: 10.0.0.13, mac: "52:54:00:00:00:13" }
  - { name: knode4, roles: [etcd], ip: 10.0.0.14, mac: "52:54:00:00:00:14" }
`;
