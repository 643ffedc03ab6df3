/**
 * Keys that other tools (flannel's net-conf.json, kubeadm's ClusterConfiguration, the kubelet's
 * config) spell differently, where a user who knows those tools writes them. For an unknown key
 * at one of these places the hint names the bootforge key, instead of a did-you-mean guess or a
 * key of the same name elsewhere that means something else (`cluster.flannel.network` is the pod
 * network, not the host network `cluster.network`).
 */
import { formatPath, type PathSegments } from './diagnostic.js';

const FOREIGN: Readonly<Record<string, string>> = {
  'cluster.flannel.network':
    "flannel's Network is the pod network: write it as cluster.kubernetes.podCIDR (e.g. podCIDR: 10.244.0.0/16)",
  'cluster.flannel.subnetLen':
    "flannel's SubnetLen is cluster.kubernetes.nodeSubnetLength (the prefix of each host's pod subnet)",
  'cluster.flannel.subnetLength':
    "flannel's SubnetLen is cluster.kubernetes.nodeSubnetLength (the prefix of each host's pod subnet)",
  'cluster.kubernetes.podSubnet': "kubeadm's networking.podSubnet is cluster.kubernetes.podCIDR",
  'cluster.kubernetes.serviceSubnet': "kubeadm's networking.serviceSubnet is cluster.kubernetes.serviceCIDR",
  'cluster.kubernetes.clusterCIDR': "kube-proxy's clusterCIDR is cluster.kubernetes.podCIDR",
  'cluster.kubernetes.clusterDomain': "the kubelet's clusterDomain is cluster.kubernetes.dnsDomain",
  'cluster.kubernetes.kubernetesVersion': "kubeadm's kubernetesVersion is cluster.kubernetes.version",
  'cluster.kubernetes.controlPlaneEndpoint':
    "kubeadm's controlPlaneEndpoint is cluster.kubernetes.apiServerEndpoint",
  'cluster.kubernetes.certSANs': "kubeadm's apiServer.certSANs is cluster.kubernetes.apiServerSANs",
};

/** The hint for an unknown key that another tool uses at this place, or undefined. */
export function foreignKeyHint(at: PathSegments): string | undefined {
  return FOREIGN[formatPath(at)];
}
