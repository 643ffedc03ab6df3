/**
 * Where kubelets get their serving certificate (`cluster.kubernetes.kubeletServingCerts`):
 * `kubelet` keeps what the kubelet holds (the issued node certificate with static credentials, a
 * self-signed one with TLS bootstrap) and the apiserver verifies no kubelet; `csr` turns on
 * serverTLSBootstrap (each kubelet asks for a kubernetes.io/kubelet-serving certificate and rotates
 * it), bootforge's approver on every master approves exactly the inventory hosts' own requests
 * (components/kubelet-serving-approver.ts), and the apiserver verifies kubelets against the
 * Kubernetes CA (`--kubelet-certificate-authority`). Kubernetes approves no serving CSR by itself
 * (k8s-reference.md, TLS bootstrap 6).
 */
import type { ProfileContext } from './model.js';

export function servingCertsByCsr(ctx: ProfileContext): boolean {
  return ctx.cluster.kubernetes.kubeletServingCerts === 'csr';
}
