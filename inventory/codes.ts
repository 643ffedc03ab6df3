/**
 * Every diagnostic code the inventory stage can report, with what it means. Codes are stable:
 * scripts, tests and docs rely on them. Add new codes; never rename or reuse one.
 */
export const INVENTORY_CODES = {
  // Reading the file
  FILE_NOT_FOUND: 'the inventory file does not exist',
  FILE_UNREADABLE: 'the inventory file exists but cannot be read',
  INVALID_UTF8: 'the file holds bytes that are not UTF-8 text (e.g. Latin-1 or UTF-16)',
  YAML_SYNTAX: 'the text is not valid YAML',
  EMPTY_DOCUMENT: 'the file holds no YAML document',
  MULTIPLE_DOCUMENTS: 'the file holds more than one YAML document',
  DUPLICATE_KEY: 'a mapping has the same key twice',
  // Structure (walks inventory/schema.ts)
  UNKNOWN_KEY: 'a key the schema does not know (often a typo)',
  WRONG_TYPE: 'a value of the wrong type (string, number, list, mapping, ...)',
  MISSING_KEY: 'a required key is absent',
  BAD_ENUM: 'a value outside the allowed set',
  UNSUPPORTED_OS: 'cluster.os is not a supported operating system',
  UNSUPPORTED_RUNTIME: 'cluster.runtime is not a supported container runtime',
  BAD_VALUE: 'a value other than the one the schema allows (e.g. version: 2)',
  OUT_OF_RANGE: 'a number below the minimum or above the maximum',
  EMPTY_LIST: 'a list that needs at least one item is empty',
  DUPLICATE_ITEM: 'a list that must hold distinct items repeats one',
  // Hosts
  BAD_HOST_NAME: 'a host name is not an RFC 1123 DNS label',
  DUPLICATE_HOST_NAME: 'two hosts have the same name',
  BAD_IP: 'not an IPv4 address',
  DUPLICATE_IP: 'two hosts have the same IP address',
  BAD_MAC: 'not a MAC address in a known spelling, or the all-zero address',
  MULTICAST_MAC: 'a multicast or broadcast MAC address, which no NIC has',
  DUPLICATE_MAC: 'two hosts have the same MAC address (after normalising its spelling)',
  IP_OUTSIDE_NETWORK: 'a host IP outside cluster.network.cidr',
  IP_IS_NETWORK_ADDRESS: "a host IP equal to the host network's network address",
  IP_IS_BROADCAST_ADDRESS: "a host IP equal to the host network's broadcast address",
  IP_IS_GATEWAY: 'a host IP equal to the gateway',
  IP_IS_BOOT_SERVER: "a host IP equal to the boot server's address (a host cannot boot from itself)",
  NO_ETCD: 'no host has the etcd role',
  NO_MASTER: 'no host has the master role',
  NO_NODE: 'no host has the node role, so no pod can be scheduled (warning)',
  EVEN_ETCD_MEMBERS: 'an even number of etcd members tolerates no more failures than one fewer (warning)',
  BAD_INTERFACE_NAME: 'not a Linux network interface name',
  BAD_DISK:
    "an install disk that is not a clean device path under /dev (no spaces, shell characters or '..')",
  BAD_PATH:
    "a file system path (install.tftpRoot) that is not a clean absolute path (no spaces, shell characters or '..')",
  BAD_LABEL: 'a label key or value that Kubernetes rejects',
  LABELS_WITHOUT_KUBELET: 'labels on a host without the node role, which has no Node to carry them (warning)',
  BAD_PROFILE_NAME: 'a profile name that is not a lower-case name',
  // Networks
  BAD_CIDR: 'not an IPv4 CIDR (a.b.c.d/p)',
  NON_CANONICAL_CIDR: 'a CIDR with host bits set, e.g. 10.0.0.5/24 (warning)',
  GATEWAY_OUTSIDE_NETWORK: 'the gateway is not inside cluster.network.cidr',
  GATEWAY_IS_RESERVED: "the gateway is the host network's network or broadcast address",
  CIDR_OVERLAP: 'two of host network, service CIDR and pod CIDR overlap',
  SERVICE_CIDR_TOO_LARGE: 'the service CIDR is larger than /12, which kube-apiserver rejects',
  SERVICE_CIDR_TOO_SMALL: 'the service CIDR has no room for the DNS service IP (.10)',
  POD_CIDR_TOO_SMALL: 'the pod CIDR has fewer per-node subnets than hosts running flannel',
  NODE_SUBNET_SMALL: "per-node pod subnets hold fewer addresses than kubelet's default 110 pods (warning)",
  ADDRESS_IN_CLUSTER_RANGE:
    'a host-side address (boot server, DNS, NTP, API endpoint) inside the service or pod CIDR',
  BAD_SUBNET_LENGTH: 'nodeSubnetLength is not longer than the pod CIDR prefix, or leaves no pod IPs',
  BAD_NAMESERVER: 'a nameserver that is not an IPv4 address',
  BAD_NTP_SERVER: 'an NTP server that is not a host name or IP address',
  BAD_SEARCH_DOMAIN: 'a search domain that is not a DNS name',
  // Cluster
  BAD_CLUSTER_NAME: 'the cluster name is not a DNS label',
  BAD_DNS_DOMAIN: 'kubernetes.dnsDomain is not a DNS name',
  BAD_BOOT_SERVER: 'bootServer is not an http(s) URL',
  BAD_URL: 'a URL (mirror, install tree, kernel, initrd) that is not http(s)',
  UNSAFE_URL:
    'a URL with characters or parts a boot loader, the kernel command line or a config file would misparse (spaces, quotes, ;, $, #, credentials, a query where paths are appended)',
  MISSING_APPSTREAM: 'os el9 with an install.repo that is not a BaseOS tree and no install.appstream',
  BAD_SHA256: 'a sha256 pin that is not 64 hex digits',
  BAD_SSH_KEY: 'an authorized key that is not an OpenSSH public key line',
  NO_SSH_KEYS:
    'no SSH authorized keys and no root password hash: nobody can log in to the hosts, not even on the console (warning)',
  BAD_API_ENDPOINT: 'apiServerEndpoint is not a DNS name or IPv4 address',
  BAD_SAN: 'an apiServerSANs entry that is not a DNS name or IPv4 address',
  MULTIPLE_MASTERS_NO_ENDPOINT:
    'several masters but no apiServerEndpoint: clients use the first master only (warning)',
  BAD_PASSWORD_HASH: 'rootPasswordHash is not a SHA-512 crypt hash ($6$...)',
  BAD_TIMEZONE: 'install.timezone is not an IANA zone name such as UTC or Europe/Berlin',
  // Versions
  BAD_KUBERNETES_VERSION: 'kubernetes.version is not MAJOR.MINOR.PATCH',
  UNSUPPORTED_KUBERNETES_VERSION: 'a Kubernetes version outside the supported 1.20 to 1.35',
  BAD_VERSION_PIN: 'a component version pin that is not a version number',
  DOCKER_NEEDS_CRI_DOCKERD: 'docker on Kubernetes >= 1.24 with cri-dockerd switched off',
  CGROUP_V1_UNSUPPORTED: "CentOS 7's cgroup v1 with Kubernetes >= 1.35, where kubelet refuses cgroup v1",
  CGROUP_V1_DEPRECATED:
    "CentOS 7's cgroup v1 with Kubernetes 1.31 to 1.34, where cgroup v1 is in maintenance (warning)",
  FLANNEL_NEEDS_ETCD_V2: 'flannel <= 0.17 (etcd v2 API) with etcd >= 3.6, which removed the v2 API',
  CONTAINERD_TOO_OLD: 'containerd older than the Kubernetes version needs (CRI v1)',
  UNUSED_VERSION_PIN: 'a version pin for a component this cluster does not run (warning)',
} as const;

export type InventoryCode = keyof typeof INVENTORY_CODES;
