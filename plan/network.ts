/**
 * Network planning rules shared by the planner and by validation, so both agree on one answer.
 */
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
