/**
 * Network planning rules shared by the planner and by validation, so both agree on one answer.
 */
import type { Runtime } from '../inventory/model.js';

/** Docker's default bridge network (docker0), used when nothing re-addresses it. */
export const DOCKER_DEFAULT_BRIDGE = '172.17.0.0/16';

/** The cluster DNS Service IP is the service network + 10 (kubeadm, KTHW, CoreOS convention). */
export const DNS_SERVICE_OFFSET = 10;

/** flannel's default SubnetLen: 24, or the Network prefix + 2 when Network is smaller than /22. */
export function defaultSubnetLength(podPrefix: number): number {
  return podPrefix < 22 ? 24 : podPrefix + 2;
}

/** flannel leases from the second subnet on: 2^(SubnetLen - prefix) - 1 hosts can run flanneld. */
export function flannelCapacity(podPrefix: number, subnetLength: number): number {
  return subnetLength > podPrefix ? 2 ** (subnetLength - podPrefix) - 1 : 0;
}

/**
 * Does docker0 keep docker's default 172.17.0.0/16?
 * - containerd: docker is not installed, there is no docker0.
 * - docker below 1.24 (dockershim, the classic setup): pods live on docker0, and flanneld's
 *   mk-docker-opts.sh hands dockerd `--bip=$FLANNEL_SUBNET`, so docker0 is re-addressed into
 *   the pod CIDR.
 * - docker from 1.24 (cri-dockerd): pods use the flannel CNI plugin on cni0, and docker0 stays
 *   on 172.17.0.1/16 for plain `docker run` containers, so that range must not collide with the
 *   host network, the service CIDR or the pod CIDR.
 */
export function dockerBridgeKeepsDefault(runtime: Runtime, kubeMinor: number): boolean {
  return runtime === 'docker' && kubeMinor >= 24;
}
