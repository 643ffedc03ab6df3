/**
 * How the kubelet holds its client certificate (issue 14): through its own certificate store
 * (`/var/lib/kubelet/pki/kubelet-client-current.pem`, certificate and key in one file) with
 * `rotateCertificates: true`, so it asks for a new certificate through a CSR before the old one
 * expires and the controller-manager signs it (selfnodeclient auto-approval).
 *
 * - bootstrap: the kubelet fills the store itself (TLS bootstrap).
 * - static: bootforge delivers the issued pair as the store's current file, the kubelet's
 *   kubeconfig points at it (as kubeadm's kubelet.conf does), and `kubelet-client-store`, run
 *   before every kubelet start, turns the delivered file into the link the store needs: client-go's
 *   fileStore.Update refuses to rotate when `kubelet-client-current.pem` is a regular file
 *   ("expected ... to be a symlink but it is a file", k8s.io/client-go util/certificate
 *   certificate_store.go). The same certificate, as separate files (kubelet.crt/.key), keeps
 *   serving :10250.
 *
 * Client certificate rotation (RotateKubeletClientCertificate) is GA since 1.19 (KEP-266,
 * kubernetes/enhancements#1756), before every supported minor (plan/versions.ts MIN_KUBE_MINOR);
 * the check stays so that the decision is made here, once.
 */
import type { ProfileContext } from './model.js';

/** First Kubernetes minor whose kubelet rotates its client certificate without a feature gate. */
export const KUBELET_CLIENT_ROTATION_SINCE = 19;

/** Does the kubelet rotate its client certificate (KubeletConfiguration rotateCertificates)? */
export function rotatesClientCertificate(ctx: ProfileContext): boolean {
  return (
    ctx.cluster.kubernetes.kubeletCredentials === 'bootstrap' || ctx.minor >= KUBELET_CLIENT_ROTATION_SINCE
  );
}

/** Static credentials delivered into the kubelet's certificate store (and rotated from there). */
export function staticClientInStore(ctx: ProfileContext): boolean {
  return ctx.cluster.kubernetes.kubeletCredentials === 'static' && rotatesClientCertificate(ctx);
}
